import type {Labels} from '../../model/labels.js'
import type {Forum, TranslationInfo} from '../../model/types.js'
import {languageNameIn} from '../language-names.js'

export type NoteContext = {labels: Labels; language: string; editions: unknown[]; forum: Forum}

/**
 * How a text stands in the edition's language, when the volume has several editions: "Translated from Spanish by …",
 * "Machine translation from Spanish", "Original in Spanish"; empty for a text in the edition's language.
 */
export function languageNote(
  text: {language?: string; translation?: TranslationInfo},
  data: NoteContext
): string {
  const name = (tag: string) => languageNameIn(tag, data.language)
  const {translation} = text
  if (translation) {
    const said = (
      translation.machineTranslated ? data.labels.machineTranslated : data.labels.translatedFrom
    ).replace('{language}', name(translation.from))
    const by = translation.translators.map((person) => person.name).join(', ')
    return by ? `${said} ${data.labels.translatedBy} ${by}` : said
  }
  const language = text.language ?? data.forum.textLanguage
  if (data.editions.length < 2 || language === data.language) return ''
  return data.labels.originalIn.replace('{language}', name(language))
}
