import {PdfShapeError} from './pdf-shape-error.js'

/**
 * Walks an object's text from `start` to its `stream` or `endobj` keyword:
 * strings and comments are skipped whole, and each reference `n g R` is
 * noted with its new number. Notes the stream's `/Length`.
 */
export function scanHead(bytes: Uint8Array, start: number, renumber: (number: number) => number) {
  const refs: number[] = []
  // The last two tokens, when they were whole numbers: a reference is `n g R`.
  let beforeStart = -1
  let beforeValue = 0
  let lastStart = -1
  let lastValue = 0
  // 1 right after the name /Length, then counting the numbers after it.
  let afterLength = 0
  let length: number | undefined
  let lengthRef: number | undefined
  let position = start
  const end = bytes.length
  while (position < end) {
    const byte = bytes[position]!
    if (isWhite(byte)) {
      position++
      continue
    }
    if (byte === 0x25) {
      // % comment, to the end of the line
      while (position < end && bytes[position] !== 0x0a && bytes[position] !== 0x0d) position++
      continue
    }
    const tokenStart = position
    let number = -1
    if (byte === 0x28) {
      position = skipString(bytes, position)
    } else if (byte === 0x3c && bytes[position + 1] !== 0x3c) {
      // <hex string>
      while (position < end && bytes[position] !== 0x3e) position++
      position++
    } else if (byte === 0x2f) {
      // A name: the slash, then its regular characters.
      position++
      while (position < end && !isWhite(bytes[position]!) && !isDelimiter(bytes[position]!)) position++
      afterLength = position - tokenStart === 7 && startsWith(bytes, tokenStart, '/Length') ? 1 : 0
      beforeStart = lastStart = -1
      continue
    } else if (isDelimiter(byte)) {
      position += (byte === 0x3c || byte === 0x3e) && bytes[position + 1] === byte ? 2 : 1
    } else {
      number = 0
      while (position < end && !isWhite(bytes[position]!) && !isDelimiter(bytes[position]!)) {
        const digit = bytes[position]! - 0x30
        number = number >= 0 && digit >= 0 && digit <= 9 ? number * 10 + digit : -1
        position++
      }
      const size = position - tokenStart
      if (size === 1 && byte === 0x52 && beforeStart >= 0 && lastStart >= 0) {
        // R: a reference
        refs.push(beforeStart, position, renumber(beforeValue))
        if (afterLength === 3) {
          lengthRef = beforeValue
          length = undefined
        }
        beforeStart = lastStart = -1
        afterLength = 0
        continue
      }
      if (
        (size === 6 && startsWith(bytes, tokenStart, 'stream')) ||
        (size === 6 && startsWith(bytes, tokenStart, 'endobj'))
      ) {
        const streamStart = byte === 0x73 ? skipEol(bytes, position) : undefined
        return {headEnd: tokenStart, refs, streamStart, length, lengthRef}
      }
    }
    if (number >= 0) {
      beforeStart = lastStart
      beforeValue = lastValue
      lastStart = tokenStart
      lastValue = number
      if (afterLength === 1) length = number
      if (afterLength > 0) afterLength++
    } else {
      beforeStart = lastStart = -1
      afterLength = 0
    }
  }
  throw new PdfShapeError('an object with no end')
}

/** From `(`, past its matching `)`: strings nest, and a backslash escapes the next byte. */
function skipString(bytes: Uint8Array, start: number): number {
  let depth = 0
  for (let position = start; position < bytes.length; position++) {
    const byte = bytes[position]
    if (byte === 0x5c) position++
    else if (byte === 0x28) depth++
    else if (byte === 0x29 && --depth === 0) return position + 1
  }
  throw new PdfShapeError('a string with no end')
}

export function skipEol(bytes: Uint8Array, position: number): number {
  if (bytes[position] === 0x0d) position++
  if (bytes[position] === 0x0a) position++
  return position
}

function isWhite(byte: number) {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00
}

function isDelimiter(byte: number) {
  // ( ) < > [ ] { } / %
  return (
    byte === 0x28 ||
    byte === 0x29 ||
    byte === 0x3c ||
    byte === 0x3e ||
    byte === 0x5b ||
    byte === 0x5d ||
    byte === 0x7b ||
    byte === 0x7d ||
    byte === 0x2f ||
    byte === 0x25
  )
}

export function startsWith(bytes: Uint8Array, position: number, text: string): boolean {
  for (let index = 0; index < text.length; index++)
    if (bytes[position + index] !== text.charCodeAt(index)) return false
  return true
}

export function indexOf(bytes: Uint8Array, text: string, from: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(text, from, 'latin1')
}
