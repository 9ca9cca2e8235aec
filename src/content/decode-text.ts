const decoder = new TextDecoder('utf-8', {fatal: true})

export type Decoded =
  | {ok: true; text: string}
  | {ok: false; line: number; column: number}

/**
 * Decodes UTF-8 (with or without a byte order mark) and normalises line
 * endings to `\n`. Invalid UTF-8 is reported with the line and column of the
 * first bad byte instead of being replaced silently.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return {ok: false, ...locateInvalidByte(bytes)}
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return {ok: true, text: text.replace(/\r\n?/g, '\n')}
}

function locateInvalidByte(bytes: Uint8Array): {line: number; column: number} {
  let line = 1
  let start = 0
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      const slice = bytes.subarray(start, index)
      try {
        decoder.decode(slice)
      } catch {
        return {line, column: firstBadColumn(slice)}
      }
      line++
      start = index + 1
    }
  }
  return {line, column: 1}
}

function firstBadColumn(lineBytes: Uint8Array): number {
  for (let end = 1; end <= lineBytes.length; end++) {
    try {
      decoder.decode(lineBytes.subarray(0, end), {stream: true})
    } catch {
      // Characters before the bad byte, counted in decoded code points.
      const good = new TextDecoder('utf-8').decode(lineBytes.subarray(0, end - 1))
      return [...good].length + 1
    }
  }
  return 1
}
