const decoder = new TextDecoder('utf-8', {fatal: true})

export type Decoded = {ok: true; text: string} | {ok: false; line: number; column: number}

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
    return {ok: false, ...locate(bytes, firstInvalidByte(bytes))}
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return {ok: true, text: text.replace(/\r\n?/g, '\n')}
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, in one pass. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index]!
    let length: number
    let min: number
    if (byte < 0x80) {
      index++
      continue
    } else if (byte >= 0xc2 && byte <= 0xdf) [length, min] = [2, 0x80]
    else if (byte >= 0xe0 && byte <= 0xef) [length, min] = [3, 0x800]
    else if (byte >= 0xf0 && byte <= 0xf4) [length, min] = [4, 0x10000]
    else return index
    if (index + length > bytes.length) return index
    let point = byte & (0xff >> (length + 1))
    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset]!
      if ((next & 0xc0) !== 0x80) return index
      point = (point << 6) | (next & 0x3f)
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if (point < min || (point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) return index
    index += length
  }
  return bytes.length
}

function locate(bytes: Uint8Array, offset: number): {line: number; column: number} {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++
      lineStart = index + 1
    }
  }
  // The bytes before the bad one on its line are valid: count their characters.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset))
  return {line, column: [...before].length + 1}
}
