import type {ContributionType} from '../content/schema.js'

// Every printed word in each built-in language, one list per language: long by nature, read as a table.

/** Words the proceedings print around the content, in the forum's language. */
export interface Labels {
  contents: string
  foreword: string
  organizers: string
  moderators: string
  objectives: string
  guidingQuestions: string
  round: string
  question: string
  mainQuestion: string
  otherContributions: string
  synthesis: string
  speakers: string
  countries: string
  indexes: string
  /** Heads the contributions printed under another question that answer this one too. */
  alsoAnswering: string
  page: string
  footnotes: string
  noContributions: string
  contributionsServing: string
  draft: string
  builtOn: string
  skipToContent: string
  home: string
  search: string
  inThisSession: string
  previousSession: string
  nextSession: string
  breadcrumb: string
  /** A number of contributions: `{count}` stands for the number. */
  oneContribution: string
  contributionCount: string
  sessions: string
  draftNotice: string
  /** The search page's filters. */
  session: string
  contributionType: string
  contributionLanguage: string
  country: string
  /** A contribution's own page, its citation and its neighbours. */
  permalink: string
  citeThis: string
  citationFiles: string
  abstract: string
  keywords: string
  answers: string
  serves: string
  published: string
  license: string
  inSessionPage: string
  pagesInVolume: string
  contributionPdf: string
  inVolumePdf: string
  previousContribution: string
  nextContribution: string
  /** Language editions: the switcher, and how a text in another language than the edition's is marked. `{language}` stands for a language's name. */
  editions: string
  originalIn: string
  translatedFrom: string
  translatedBy: string
  machineTranslated: string
  outOfDate: string
  types: Record<ContributionType, string>
}

const english: Labels = {
  contents: 'Contents',
  foreword: 'Foreword',
  organizers: 'Organizers',
  moderators: 'Moderators',
  objectives: 'Objectives',
  guidingQuestions: 'Guiding questions',
  round: 'Round',
  question: 'Question',
  mainQuestion: 'Main question',
  otherContributions: 'Other contributions',
  synthesis: 'Synthesis',
  speakers: 'Speakers',
  countries: 'Countries',
  indexes: 'Indexes',
  alsoAnswering: 'Also answering this question:',
  page: 'page',
  footnotes: 'Notes',
  noContributions: 'No contributions yet.',
  contributionsServing: 'Contributions',
  draft: 'Draft',
  builtOn: 'Draft built on',
  skipToContent: 'Skip to content',
  home: 'Home',
  search: 'Search',
  inThisSession: 'In this session',
  previousSession: 'Previous session',
  nextSession: 'Next session',
  breadcrumb: 'You are here',
  oneContribution: '1 contribution',
  contributionCount: '{count} contributions',
  sessions: 'Sessions',
  session: 'Session',
  contributionType: 'Type',
  contributionLanguage: 'Language',
  country: 'Country',
  draftNotice: 'Draft: these pages include contributions not yet approved for publication.',
  permalink: 'Permalink',
  citeThis: 'Cite this',
  citationFiles: 'Download the citation',
  abstract: 'Abstract',
  keywords: 'Keywords',
  answers: 'Answers',
  serves: 'Serves',
  published: 'Published',
  license: 'License',
  inSessionPage: 'In the session page',
  pagesInVolume: 'Pages in the volume',
  contributionPdf: 'PDF of this contribution',
  inVolumePdf: 'In the PDF of the proceedings',
  previousContribution: 'Previous contribution',
  nextContribution: 'Next contribution',
  editions: 'Editions',
  originalIn: 'Original in {language}',
  translatedFrom: 'Translated from {language}',
  translatedBy: 'by',
  machineTranslated: 'Machine translation from {language}',
  outOfDate: 'This translation may be out of date: the original has changed since it was translated.',
  types: {
    intervention: 'Intervention',
    keynote: 'Keynote',
    panel: 'Panel',
    written: 'Written contribution',
    chat: 'From the chat',
    synthesis: 'Synthesis'
  }
}

const spanish: Labels = {
  contents: 'Sumario',
  foreword: 'Prólogo',
  organizers: 'Organizadores',
  moderators: 'Moderación',
  objectives: 'Objetivos',
  guidingQuestions: 'Preguntas orientadoras',
  round: 'Ronda',
  question: 'Pregunta',
  mainQuestion: 'Pregunta principal',
  otherContributions: 'Otras contribuciones',
  synthesis: 'Síntesis',
  speakers: 'Ponentes',
  countries: 'Países',
  indexes: 'Índices',
  alsoAnswering: 'También responden a esta pregunta:',
  page: 'página',
  footnotes: 'Notas',
  noContributions: 'Aún no hay contribuciones.',
  contributionsServing: 'Contribuciones',
  draft: 'Borrador',
  builtOn: 'Borrador generado el',
  skipToContent: 'Saltar al contenido',
  home: 'Inicio',
  search: 'Buscar',
  inThisSession: 'En esta sesión',
  previousSession: 'Sesión anterior',
  nextSession: 'Sesión siguiente',
  breadcrumb: 'Usted está aquí',
  oneContribution: '1 contribución',
  contributionCount: '{count} contribuciones',
  sessions: 'Sesiones',
  session: 'Sesión',
  contributionType: 'Tipo',
  contributionLanguage: 'Idioma',
  country: 'País',
  draftNotice: 'Borrador: estas páginas incluyen contribuciones aún no aprobadas para su publicación.',
  permalink: 'Enlace permanente',
  citeThis: 'Cómo citar',
  citationFiles: 'Descargar la cita',
  abstract: 'Resumen',
  keywords: 'Palabras clave',
  answers: 'Responde a',
  serves: 'Contribuye a',
  published: 'Publicado',
  license: 'Licencia',
  inSessionPage: 'En la página de la sesión',
  pagesInVolume: 'Páginas en el volumen',
  contributionPdf: 'PDF de esta contribución',
  inVolumePdf: 'En el PDF de las actas',
  previousContribution: 'Contribución anterior',
  nextContribution: 'Contribución siguiente',
  editions: 'Ediciones',
  originalIn: 'Original en {language}',
  translatedFrom: 'Traducido del {language}',
  translatedBy: 'por',
  machineTranslated: 'Traducción automática del {language}',
  outOfDate: 'Esta traducción puede estar desactualizada: el original ha cambiado desde que se tradujo.',
  types: {
    intervention: 'Intervención',
    keynote: 'Conferencia magistral',
    panel: 'Panel',
    written: 'Contribución escrita',
    chat: 'Desde el chat',
    synthesis: 'Síntesis'
  }
}

const french: Labels = {
  contents: 'Table des matières',
  foreword: 'Avant-propos',
  organizers: 'Organisateurs',
  moderators: 'Modération',
  objectives: 'Objectifs',
  guidingQuestions: 'Questions directrices',
  round: 'Tour',
  question: 'Question',
  mainQuestion: 'Question principale',
  otherContributions: 'Autres contributions',
  synthesis: 'Synthèse',
  speakers: 'Intervenants',
  countries: 'Pays',
  indexes: 'Index',
  alsoAnswering: 'Répondent aussi à cette question\u00a0:',
  page: 'page',
  footnotes: 'Notes',
  noContributions: 'Pas encore de contribution.',
  contributionsServing: 'Contributions',
  draft: 'Brouillon',
  builtOn: 'Brouillon produit le',
  skipToContent: 'Aller au contenu',
  home: 'Accueil',
  search: 'Rechercher',
  inThisSession: 'Dans cette session',
  previousSession: 'Session précédente',
  nextSession: 'Session suivante',
  breadcrumb: 'Vous êtes ici',
  oneContribution: '1 contribution',
  contributionCount: '{count} contributions',
  sessions: 'Sessions',
  session: 'Session',
  contributionType: 'Type',
  contributionLanguage: 'Langue',
  country: 'Pays',
  draftNotice:
    'Brouillon\u00a0: ces pages contiennent des contributions pas encore approuvées pour publication.',
  permalink: 'Lien permanent',
  citeThis: 'Citer',
  citationFiles: 'Télécharger la référence',
  abstract: 'Résumé',
  keywords: 'Mots-clés',
  answers: 'Répond à',
  serves: 'Contribue à',
  published: 'Publié',
  license: 'Licence',
  inSessionPage: 'Dans la page de la session',
  pagesInVolume: 'Pages dans le volume',
  contributionPdf: 'PDF de cette contribution',
  inVolumePdf: 'Dans le PDF des actes',
  previousContribution: 'Contribution précédente',
  nextContribution: 'Contribution suivante',
  editions: 'Éditions',
  originalIn: 'Original en {language}',
  translatedFrom: 'Traduction de l’original en {language}',
  translatedBy: 'par',
  machineTranslated: 'Traduction automatique de l’original en {language}',
  outOfDate: 'Cette traduction n’est peut-être plus à jour : l’original a changé depuis sa traduction.',
  types: {
    intervention: 'Intervention',
    keynote: 'Conférence',
    panel: 'Table ronde',
    written: 'Contribution écrite',
    chat: 'Depuis le chat',
    synthesis: 'Synthèse'
  }
}

const builtIn: Record<string, Labels> = {en: english, es: spanish, fr: french}

/** The label keys, for validating overrides: `contents`, …, `types.keynote`, …. */
export const labelKeys: string[] = [
  ...Object.keys(english).filter((key) => key !== 'types'),
  ...Object.keys(english.types).map((type) => `types.${type}`)
]

/** Built-in labels for a BCP 47 tag, falling back from `fr-CA` to `fr` to English. */
export function labelsFor(language: string): Labels {
  const primary = language.toLowerCase().split('-')[0] ?? 'en'
  return builtIn[language.toLowerCase()] ?? builtIn[primary] ?? english
}

/** Whether a language has labels of its own, rather than English ones. */
export function hasBuiltInLabels(language: string): boolean {
  return (language.toLowerCase().split('-')[0] ?? '') in builtIn
}

/** Built-in labels with a user's overrides (validated keys) applied. */
export function withOverrides(labels: Labels, overrides: Record<string, string>): Labels {
  const result: Labels = {...labels, types: {...labels.types}}
  for (const [key, value] of Object.entries(overrides)) {
    if (key.startsWith('types.')) result.types[key.slice('types.'.length) as ContributionType] = value
    else (result as unknown as Record<string, string>)[key] = value
  }
  return result
}
