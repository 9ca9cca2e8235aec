/** A language's name in another language: `es` is "Spanish" in English, "espagnol" in French; the tag when unknown. */
export function languageNameIn(tag: string, inLanguage: string): string {
  const key = `${tag}\u0000${inLanguage}`
  let name = names.get(key)
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([inLanguage, 'en'], {type: 'language'}).of(tag) ?? tag
    } catch {
      name = tag
    }
    names.set(key, name)
  }
  return name
}

/** Names already looked up, by tag and language: a forum has few languages and asks for each on every page. */
const names = new Map<string, string>()

/** A language's name in itself, as a language switcher shows it: "English", "español", "français". */
export function ownLanguageName(tag: string): string {
  const name = languageNameIn(tag, tag)
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)
}
