/** Tags already judged: a forum uses a handful, and asking `Intl` costs about 50 µs each time. */
const canonical = new Map<string, string | null>()

/**
 * The canonical form of a BCP 47 language tag (`EN-gb` → `en-GB`), or
 * undefined when the value is none. Besides `Intl`'s syntax, the language
 * itself must be a code of two or three letters (longer ones are reserved and
 * none is registered), so that a name such as `Spanish` is not taken for a tag.
 */
export function canonicalLanguage(value: string): string | undefined {
  let found = canonical.get(value)
  if (found === undefined) {
    try {
      const [tag] = Intl.getCanonicalLocales(value)
      found = tag && /^(?:[a-z]{2,3}(?:-|$)|x-|i-)/.test(tag) ? tag : null
    } catch {
      found = null
    }
    if (canonical.size < 1000) canonical.set(value, found)
  }
  return found ?? undefined
}

let codesByName: Map<string, string> | undefined

/**
 * The language code for a language written by its name (`Spanish`,
 * `español`, `Français` → `es`, `fr`), or for a tag written with `_`
 * (`en_US` → `en-US`). Names are those `Intl` gives the two-letter codes in
 * English, Spanish, French and the language itself.
 */
export function suggestLanguage(value: string): string | undefined {
  const dashed = canonicalLanguage(value.trim().replace(/_/g, '-'))
  if (dashed) return dashed
  codesByName ??= namesOfLanguages()
  return codesByName.get(fold(value))
}

/** The English name of a language tag, such as `German` for `de`, when `Intl` knows it. */
export function languageName(tag: string): string | undefined {
  try {
    return new Intl.DisplayNames(['en'], {type: 'language', fallback: 'none'}).of(tag)
  } catch {
    return undefined
  }
}

function namesOfLanguages(): Map<string, string> {
  const names = new Map<string, string>()
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const displays = ['en', 'es', 'fr'].map(
    (locale) => new Intl.DisplayNames([locale], {type: 'language', fallback: 'none'})
  )
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second
      const own = (() => {
        try {
          return new Intl.DisplayNames([code], {type: 'language', fallback: 'none'}).of(code)
        } catch {
          return undefined
        }
      })()
      for (const name of [...displays.map((display) => display.of(code)), own]) {
        if (name && name !== code && !names.has(fold(name))) names.set(fold(name), code)
      }
    }
  }
  return names
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim()
}
