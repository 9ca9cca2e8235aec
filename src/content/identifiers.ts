import licenseIds from 'spdx-license-ids/index.json' with {type: 'json'}

/**
 * Checks of the identifiers a citable volume carries: ORCID iDs, DOIs, ISBNs
 * and SPDX license ids. Each reads the forms people paste (a URL, lower case)
 * and gives the canonical form, or undefined.
 */

export const orcidPattern =
  /^\s*(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])\s*$/

/** An ORCID iD written `0000-0002-1825-0097`, from that form or its URL; undefined if it has not that shape. */
export function orcidShape(value: string): string | undefined {
  const match = orcidPattern.exec(value)
  return match ? match.slice(1).join('-').toUpperCase() : undefined
}

/** The check digit of an ORCID iD's first 15 digits (ISO 7064 MOD 11-2). */
export function orcidCheckDigit(digits: string): string {
  let total = 0
  for (const digit of digits.replaceAll('-', '').slice(0, 15)) total = (total + Number(digit)) * 2
  const result = (12 - (total % 11)) % 11
  return result === 10 ? 'X' : String(result)
}

/** The ORCID iD in its canonical form if its last character is its check digit. */
export function validOrcid(value: string): string | undefined {
  const id = orcidShape(value)
  return id && orcidCheckDigit(id) === id.at(-1) ? id : undefined
}

export const doiPattern = /^\s*(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)?(10\.\d{4,9}\/\S+?)\s*$/i

/** A DOI (`10.5555/abc`), from that form, `doi:` or its `https://doi.org/` URL. */
export function validDoi(value: string): string | undefined {
  return doiPattern.exec(value)?.[1]
}

/** An ISBN-10 or ISBN-13 whose check digit is right, as written (hyphens kept). */
export function validIsbn(value: string): string | undefined {
  const digits = value
    .replace(/^ISBN(?:-1[03])?:?\s*/i, '')
    .replace(/[-\s]/g, '')
    .toUpperCase()
  if (/^\d{13}$/.test(digits)) {
    const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 3 : 1), 0)
    return sum % 10 === 0 ? value.trim() : undefined
  }
  if (/^\d{9}[\dX]$/.test(digits)) {
    const sum = [...digits].reduce(
      (total, digit, index) => total + (digit === 'X' ? 10 : Number(digit)) * (10 - index),
      0
    )
    return sum % 11 === 0 ? value.trim() : undefined
  }
  return undefined
}

const licenses = new Map((licenseIds as string[]).map((id) => [id.toLowerCase(), id]))

/** An SPDX license id in its own spelling (`cc-by-4.0` → `CC-BY-4.0`), if the SPDX list has it. */
export function spdxLicense(value: string): string | undefined {
  return licenses.get(value.trim().toLowerCase())
}

/** Every SPDX license id, for suggestions. */
export const spdxLicenseIds: readonly string[] = licenseIds as string[]
