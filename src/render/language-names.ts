/** A language's name in another language: `es` is "Spanish" in English, "espagnol" in French; the tag when unknown. */
export function languageNameIn(tag: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage, 'en'], {type: 'language'}).of(tag) ?? tag
  } catch {
    return tag
  }
}

/** A language's name in itself, as a language switcher shows it: "English", "español", "français". */
export function ownLanguageName(tag: string): string {
  const name = languageNameIn(tag, tag)
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)
}
