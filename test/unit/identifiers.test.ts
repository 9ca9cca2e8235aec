import {describe, expect, it} from 'vitest'
import {orcidCheckDigit, spdxLicense, validDoi, validIsbn, validOrcid} from '../../src/content/identifiers.js'

describe('identifiers of a citable volume', () => {
  it('checks ORCID iDs with their ISO 7064 MOD 11-2 check digit', () => {
    expect(orcidCheckDigit('0000-0002-1825-009')).toBe('7')
    // ORCID's own example of an iD ending in X.
    expect(validOrcid('0000-0002-1694-233X')).toBe('0000-0002-1694-233X')
    expect(validOrcid('https://orcid.org/0000-0002-1825-0097')).toBe('0000-0002-1825-0097')
    expect(validOrcid('0000-0002-1825-0098')).toBeUndefined()
    expect(validOrcid('0000-0002-1825')).toBeUndefined()
  })

  it('reads DOIs, ISBNs and SPDX ids as people paste them', () => {
    expect(validDoi('https://doi.org/10.5555/abc.1')).toBe('10.5555/abc.1')
    expect(validDoi('doi:10.5555/x')).toBe('10.5555/x')
    expect(validDoi('5555/abc')).toBeUndefined()
    expect(validIsbn('978-3-16-148410-0')).toBe('978-3-16-148410-0')
    expect(validIsbn('0-306-40615-2')).toBe('0-306-40615-2')
    expect(validIsbn('978-3-16-148410-1')).toBeUndefined()
    expect(spdxLicense('cc-by-4.0')).toBe('CC-BY-4.0')
    expect(spdxLicense('CC-BY-4')).toBeUndefined()
  })
})
