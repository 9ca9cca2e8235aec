import {createHash} from 'node:crypto'
import {readFile, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {sniffImage} from '../../src/content/check-image.js'
import {fileContents} from '../../src/util/output-file.js'
import {ChangedFileError} from '../../src/util/read-regular-file.js'
import {fixturesDir, tempDir} from '../helpers/fixtures.js'

const pictures = path.join(fixturesDir, 'images/contributions/pictures')

describe('image types', () => {
  it('are told by their first bytes, whatever the file is called', async () => {
    const types = await Promise.all(
      [
        'chart.png',
        'photo.jpg',
        'anim.gif',
        'photo.webp',
        'photo.avif',
        'renamed.png',
        'fake.png',
        'drawing.svg'
      ].map(async (name) => sniffImage(await readFile(path.join(pictures, name))))
    )
    expect(types).toEqual(['png', 'jpeg', 'gif', 'webp', 'avif', 'jpeg', undefined, undefined])
  })

  it('take an ISO media file for AVIF only by an AVIF brand', () => {
    const box = (...brands: string[]) => {
      const bytes = Buffer.alloc(8 + 4 * brands.length + 4)
      bytes.writeUInt32BE(bytes.length, 0)
      bytes.write('ftyp', 4, 'latin1')
      brands.forEach((brand, index) => bytes.write(brand, 8 + (index === 0 ? 0 : 4 * (index + 1)), 'latin1'))
      return bytes
    }
    expect(sniffImage(box('mif1', 'avif'))).toBe('avif')
    expect(sniffImage(box('isom', 'mp41'))).toBeUndefined()
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined()
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined()
  })
})

describe('copying a checked image', () => {
  const copyOf = (copyFrom: string, bytes: Buffer) => ({
    path: 'assets/content/x.png',
    copyFrom,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    reference: 'contributions/a.md:3:1'
  })

  it('gives the bytes that were checked', async () => {
    const dir = await tempDir()
    const bytes = await readFile(path.join(pictures, 'chart.png'))
    await writeFile(path.join(dir, 'x.png'), bytes)
    expect(Buffer.from(await fileContents(copyOf(path.join(dir, 'x.png'), bytes))).equals(bytes)).toBe(true)
  })

  it('refuses, naming the reference, a file changed, replaced by a link or removed since it was checked', async () => {
    const dir = await tempDir()
    const file = path.join(dir, 'x.png')
    const bytes = await readFile(path.join(pictures, 'chart.png'))
    const copy = copyOf(file, bytes)

    await writeFile(file, await readFile(path.join(pictures, 'fake.png')))
    await expect(fileContents(copy)).rejects.toThrow(ChangedFileError)
    await expect(fileContents(copy)).rejects.toThrow(
      /^contributions\/a\.md:3:1: image .* changed or became unreadable during the build \(its bytes changed/
    )

    await rm(file)
    await writeFile(path.join(dir, 'same.png'), bytes)
    await symlink(path.join(dir, 'same.png'), file)
    await expect(fileContents(copy)).rejects.toThrow(ChangedFileError)

    await rm(file)
    await expect(fileContents(copy)).rejects.toThrow(/ENOENT/)
  })
})
