import fc from 'fast-check'

/** One generated contribution: where it goes under `contributions/`, and its raw bytes. */
export interface FuzzContribution {
  /** Path under `contributions/`, with `/` separators. */
  name: string
  bytes: Uint8Array
  /** The generator that made it, for statistics. */
  origin: 'random' | 'structured' | 'mutated'
}

const encoder = new TextEncoder()
const strictDecoder = new TextDecoder('utf-8', {fatal: true})

/**
 * The bytes as a JavaScript expression to paste into a test: a string
 * literal when they are valid UTF-8, else `Buffer.from('\xNN…', 'latin1')`.
 */
export function bytesLiteral(bytes: Uint8Array): string {
  try {
    return JSON.stringify(strictDecoder.decode(bytes))
  } catch {
    let literal = ''
    for (const byte of bytes) {
      const char = String.fromCharCode(byte)
      if (char === '\n') literal += '\\n'
      else if (char === '\r') literal += '\\r'
      else if (char === '\t') literal += '\\t'
      else if (char === "'" || char === '\\') literal += '\\' + char
      else if (byte >= 0x20 && byte < 0x7f) literal += char
      else literal += '\\x' + byte.toString(16).padStart(2, '0')
    }
    return `Buffer.from('${literal}', 'latin1')`
  }
}

function contribution(name: string, bytes: Uint8Array, origin: FuzzContribution['origin']): FuzzContribution {
  return {
    name,
    bytes,
    origin,
    [fc.toStringMethod]: () =>
      `{name: ${JSON.stringify(name)}, origin: '${origin}', bytes: ${bytesLiteral(bytes)}}`
  } as FuzzContribution
}

// ---------------------------------------------------------------- file names

const nameCharacter = fc.constantFrom(
  'a',
  'b',
  'z',
  'Q',
  '0',
  '7',
  '-',
  '_',
  '.',
  ' ',
  '  ',
  'é',
  'e\u0301',
  'ß',
  'ñ',
  'Ω',
  'Ж',
  'ع',
  '日本',
  '한',
  '🙂',
  '\u00a0',
  '(',
  ')',
  '[',
  '#',
  '%',
  '&',
  "'",
  '+',
  ',',
  ';',
  '=',
  '@',
  '~',
  '{',
  '}'
)

/** `fuzz.md` most of the time, else a name with spaces and non-ASCII letters, sometimes in sub-folders. */
export const fileNameArb: fc.Arbitrary<string> = fc
  .oneof(
    {weight: 3, arbitrary: fc.constant('fuzz.md')},
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('', '', 'sub/', 'deep/er/', 'ü ñ/', 'x y/日本/'),
          fc.array(nameCharacter, {minLength: 1, maxLength: 24}).map((parts) => parts.join('')),
          fc.constantFrom('.md', '.md', '.MD', '.Md')
        )
        .map(([folder, base, extension]) => folder + base + extension)
    }
  )
  .filter((name) => name !== 'fine.md')

// -------------------------------------------------------- random bytes and text

/** Where to edit, anywhere in the text: fc.nat() alone would keep hitting the opening fence. */
const position = fc.noBias(fc.nat({max: 1 << 20}))

const specialBytes: Uint8Array[] = [
  [0xef, 0xbb, 0xbf], // BOM
  [0x0d, 0x0a],
  [0x0d],
  [0x00],
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xc3],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xf0, 0x9f, 0x99]
].map((bytes) => Uint8Array.from(bytes))

/** Bytes spliced into text: BOMs, CR and CRLF, NUL and invalid UTF-8 sequences. */
const byteInjectionArb = fc.record({at: position, bytes: fc.constantFrom(...specialBytes)})

function splice(bytes: Uint8Array, at: number, inserted: Uint8Array): Uint8Array {
  const position = bytes.length === 0 ? 0 : at % (bytes.length + 1)
  const result = new Uint8Array(bytes.length + inserted.length)
  result.set(bytes.subarray(0, position))
  result.set(inserted, position)
  result.set(bytes.subarray(position), position + inserted.length)
  return result
}

const markdownAndYamlTokens = [
  '---',
  '---\n',
  '\n',
  '\n',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  '\t',
  ':',
  ': ',
  '- ',
  '-',
  '#',
  '# ',
  '>',
  '> ',
  '*',
  '**',
  '_',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '![',
  '](',
  '[^1]',
  '[^1]: ',
  '`',
  '```',
  '|',
  '|---|',
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&amp;',
  '&#0;',
  '{{',
  '}}',
  '{',
  '}',
  ',',
  '?',
  '"',
  "'",
  '\\',
  '!!',
  '!',
  '&a ',
  '*a',
  '%YAML 1.2',
  '...',
  '\0',
  '\ufeff',
  '\u2028',
  'title',
  'title: ',
  'session: s',
  'session: ',
  'speakers: ',
  'questions: ',
  'objectives: ',
  'main',
  's',
  'plenary',
  '1',
  '2',
  '-1',
  '1.5',
  'x',
  'é',
  '日本',
  '🙂',
  '<script>',
  'javascript:',
  'onerror=',
  'images/chart.png',
  '../'
]

/** Fully random input: bytes, Unicode text, or a soup of Markdown and YAML tokens, with bytes spliced in. */
export const randomBytesArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.oneof<fc.Arbitrary<Uint8Array>[]>(
      fc.uint8Array({maxLength: 600}),
      fc.string({unit: 'binary', maxLength: 400}).map((text) => encoder.encode(text)),
      fc.string({unit: 'grapheme', maxLength: 400}).map((text) => encoder.encode(text)),
      fc
        .array(fc.constantFrom(...markdownAndYamlTokens), {maxLength: 120})
        .map((tokens) => encoder.encode(tokens.join('')))
    ),
    fc.array(byteInjectionArb, {maxLength: 4})
  )
  .map(([bytes, injections]) =>
    injections.reduce((result, {at, bytes: inserted}) => splice(result, at, inserted), bytes)
  )

// ------------------------------------------------------ structured front matter

/** Some text as a YAML double-quoted scalar (JSON strings are YAML). */
const quoted = (text: fc.Arbitrary<string>) => text.map((value) => JSON.stringify(value))

const words = fc
  .array(
    fc.constantFrom(
      'Social',
      'solidarity',
      'économie',
      'Αθηνά',
      '日本語',
      'and',
      'of',
      'the',
      'ñandú',
      'Zoë'
    ),
    {minLength: 1, maxLength: 6}
  )
  .map((list) => list.join(' '))

/** Values of the wrong type for nearly any key, as YAML source. */
const junkValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '~',
    'null',
    'true',
    'false',
    'yes',
    '0',
    '-0',
    '0x1F',
    '0o17',
    '1e400',
    '-1e400',
    '.inf',
    '-.inf',
    '.nan',
    '[]',
    '{}',
    '[[]]',
    '{a: {b: {c: []}}}',
    '""',
    "''",
    '|\n  block\n  text',
    '>-\n  folded\n  text',
    '!!str 3',
    '!!int "x"',
    '!!float abc',
    '!!binary aGVsbG8=',
    '!!set {a, b}',
    '!!omap [a: 1]',
    '!custom x',
    '!<tag:yaml.org,2002:js/function> "function(){}"',
    '&anchor [1, 2]',
    '*undefined',
    '"{{title}}"',
    '"<script>alert(1)</script>"',
    '? complex\n: key',
    '- a\n- b',
    '"\\u0000"',
    '"\\ud800"',
    '"\\x80"',
    "'it''s'",
    '`backtick`',
    '@at',
    '%percent',
    '| \n',
    '[a, b',
    '{a: 1',
    '"unclosed'
  ),
  fc.integer().map(String),
  fc.double().map(String),
  quoted(fc.string({maxLength: 30})),
  fc.jsonValue({maxDepth: 3}).map((value) => JSON.stringify(value))
)

const validTitleArb = fc.oneof(
  quoted(fc.string({minLength: 1, maxLength: 60}).filter((text) => text.trim() !== '')),
  words
)

const titleArb = fc.oneof(
  {weight: 4, arbitrary: validTitleArb},
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"{{title}}"',
      '"{{{body}}} {{#each this}}x{{/each}}"',
      '"<b>bold</b> & <script>x</script>"',
      '"   "',
      '42',
      '3.14',
      '|\n  Two\n  lines',
      'x'.repeat(5000),
      '"\\u0000\\u0001"',
      '"\\t"'
    )
  },
  {weight: 1, arbitrary: junkValueArb}
)

const sessionArb = fc.oneof(
  {weight: 4, arbitrary: fc.constantFrom('s', 'plenary')},
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'unknown',
      'S',
      'plenery',
      '"s "',
      '1',
      '""',
      '[s]',
      '{s: 1}',
      'null',
      'fine',
      '../s',
      '__proto__',
      'constructor',
      'toString'
    )
  },
  {weight: 1, arbitrary: junkValueArb}
)

const validPersonFields = fc.record(
  {
    name: fc.oneof(words, quoted(fc.string({maxLength: 20}).filter((text) => text.trim() !== ''))),
    affiliation: words,
    country: fc.constantFrom('Greece', 'España', 'Côte d’Ivoire', '日本'),
    role: fc.constantFrom('Researcher', 'Moderator', '"{{role}}"')
  },
  {requiredKeys: ['name']}
)

const personFields = fc.record(
  {
    name: fc.oneof(
      words,
      quoted(fc.string({maxLength: 20})),
      junkValueArb.map((value) => value.split('\n')[0]!)
    ),
    affiliation: fc.option(words, {nil: undefined}),
    country: fc.option(fc.constantFrom('Greece', '""', '[x]', '1', '{a: b}'), {nil: undefined}),
    role: fc.option(fc.constantFrom('Researcher', '{{role}}', 'null'), {nil: undefined}),
    extra: fc.option(
      fc.constantFrom('email: a@b.c', 'nmae: typo', '__proto__: {polluted: yes}', 'name: duplicate'),
      {nil: undefined}
    )
  },
  {requiredKeys: []}
)

const blockPerson = (fields: fc.Arbitrary<Record<string, string | undefined>>) =>
  fields.map((person) => {
    const lines = Object.entries(person)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => (key === 'extra' ? value! : `${key}: ${value}`))
    return lines.length === 0 ? '\n  - {}' : '\n  - ' + lines.join('\n    ')
  })

const validSpeakersArb = fc.oneof(
  fc.array(words, {minLength: 1, maxLength: 3}).map((names) => `[${names.join(', ')}]`),
  fc.array(blockPerson(validPersonFields), {minLength: 1, maxLength: 3}).map((people) => people.join('')),
  words
)

const speakersArb = fc.oneof(
  {weight: 3, arbitrary: validSpeakersArb},
  {
    weight: 2,
    arbitrary: fc
      .array(blockPerson(personFields), {minLength: 1, maxLength: 3})
      .map((people) => people.join(''))
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '[]',
      '42',
      '[1, 2]',
      '[[a]]',
      '[{}]',
      '[{name: ""}]',
      '[{name: [x]}]',
      '{name: X}',
      '[{name: X, name: Y}]',
      '[{name: {first: A}}]',
      '[null]',
      '[~, A]',
      '[[[[[[[[[[A]]]]]]]]]]',
      '- - - x'
    )
  },
  {weight: 1, arbitrary: junkValueArb}
)

/** Objective and question numbers: in range, out of range, and not numbers at all. */
const referenceArb = fc.constantFrom(
  '1',
  '2',
  '3',
  '1',
  '2',
  'main',
  '4',
  '0',
  '-1',
  '1.5',
  '1e308',
  '9007199254740993',
  '.inf',
  '.nan',
  'Main',
  '"1"',
  '"main"',
  'null',
  '[]',
  '0x2',
  '+1',
  '1_000',
  '01'
)

/** A list of references as YAML: flow, block, or a single value. */
const referenceList = (item: fc.Arbitrary<string>, minLength = 0) =>
  fc.oneof(
    fc.array(item, {minLength, maxLength: 4}).map((items) => `[${items.join(', ')}]`),
    item,
    fc
      .array(item, {minLength: Math.max(1, minLength), maxLength: 3})
      .map((items) => items.map((value) => `\n  - ${value}`).join(''))
  )

const referencesArb = fc.oneof(
  {weight: 4, arbitrary: referenceList(referenceArb)},
  {weight: 1, arbitrary: junkValueArb}
)

const validTypeArb = fc.constantFrom('intervention', 'keynote', 'panel', 'written', 'chat', 'synthesis')
const typeArb = fc.oneof(
  {weight: 3, arbitrary: validTypeArb},
  {weight: 1, arbitrary: fc.constantFrom('Keynote', 'other', '""', '1', '[keynote]', 'null', '"synthesis "')}
)

const validLanguageArb = fc.constantFrom(
  'en',
  'es',
  'fr',
  'fr-CA',
  'zh-Hant-TW',
  'pt-BR',
  'ar',
  'el',
  'en-US-u-ca-gregory',
  'EN',
  'und',
  'tlh',
  'qaa',
  'zz-ZZ',
  'de-CH-1901',
  'ja-Jpan-JP-x-custom'
)
// Private-use and grandfathered tags (x-private, i-klingon) are BCP 47 but not Unicode locales: refused with a message.
const languageArb = fc.oneof(
  validLanguageArb,
  fc.constantFrom(
    'english',
    '""',
    'en_US',
    '123',
    'de-419-DE',
    'a'.repeat(100),
    'root',
    '[en]',
    'en-',
    '-en',
    'en--US',
    '"en "',
    'x-',
    'i-bogus',
    'x-private',
    'i-klingon',
    'sgn-BE-FR'
  )
)

const isoDate = (min: number, max: number) =>
  fc
    .date({noInvalidDate: true, min: new Date(Date.UTC(min, 0, 1)), max: new Date(Date.UTC(max, 0, 1))})
    .map((date) => date.toISOString().slice(0, 10))
const validDateArb = fc.oneof(
  fc.constantFrom('2021-10-05', '2020-02-29', '2000-02-29', '9999-12-31'),
  isoDate(1900, 2100)
)
const dateArb = fc.oneof(
  validDateArb,
  fc.constantFrom(
    '0001-01-01',
    '0099-12-31',
    '2021-02-29',
    '2021-13-01',
    '2021-00-10',
    '0000-01-01',
    '2021-10-05T10:00:00Z',
    '"2021-10-05"',
    '2021-1-5',
    '2021/10/05',
    'tomorrow',
    '1633392000',
    '+002021-10-05',
    '2021-10-05 10:00',
    '"2021-10-05 "'
  ),
  isoDate(-1000, 12000)
)

const validOrderArb = fc.oneof(
  fc.integer().map(String),
  fc.double({noNaN: true, noDefaultInfinity: true}).map(String)
)
const orderArb = fc.oneof(
  validOrderArb,
  fc.constantFrom(
    '-0',
    '.inf',
    '.nan',
    '"1"',
    'first',
    '[1]',
    'null',
    '99999999999999999999',
    '1e-320',
    '1e400'
  )
)

// Quoted: YAML would read `1e5` or `0x1` as numbers.
const validIdArb = fc
  .oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/),
    fc.constantFrom('é-ß', '日本語', 'x.y_z-1', 'Ωmega')
  )
  .filter((id) => id !== 'fine')
  .map((id) => JSON.stringify(id))
const idArb = fc.oneof(
  validIdArb,
  fc.constantFrom(
    'fine',
    'a/b',
    '../x',
    '""',
    '-x',
    '.x',
    'x y',
    '<b>',
    '"{{id}}"',
    'CON',
    'a'.repeat(300),
    '__proto__',
    'constructor',
    '1',
    '"a#b"',
    '"x\\u0000"',
    '"ab\\u0301"',
    '2021'
  ),
  quoted(fc.string({maxLength: 20}))
)

const validDraftArb = fc.constantFrom('true', 'false', 'false')
const draftArb = fc.oneof(validDraftArb, fc.constantFrom('True', 'yes', 'no', '1', '"true"', 'null', '[]'))

const unknownKeyArb = fc.constantFrom(
  'titel',
  'sesion',
  'speaker',
  'question',
  'tags',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '"key with spaces"',
  '日本',
  '"1"',
  'null',
  '""',
  '<<',
  'valueOf',
  '"a.b"'
)

const matterLine = (key: string, value: string) => `${key}:${value.startsWith('\n') ? '' : ' '}${value}`

/** A key that is missing once in `freq` times. */
const keyArb = (key: string, value: fc.Arbitrary<string>, freq: number) =>
  fc.option(
    value.map((text) => matterLine(key, text)),
    {nil: undefined, freq}
  )

/** References that exist in the fixture's sessions: `s` has 2 objectives, 3 questions and a main one; `plenary` 1 question. */
const validMatterArb = fc
  .constantFrom('s', 'plenary')
  .chain((session) =>
    fc.tuple(
      keyArb('title', validTitleArb, 1000),
      fc.constant(matterLine('session', session)),
      keyArb('speakers', validSpeakersArb, 1000),
      session === 's'
        ? keyArb('objectives', referenceList(fc.constantFrom('1', '2')), 2)
        : fc.constant(undefined),
      keyArb(
        'questions',
        referenceList(fc.constantFrom(...(session === 's' ? ['1', '2', '3', 'main'] : ['1']))),
        2
      ),
      keyArb('type', validTypeArb, 3),
      keyArb('language', validLanguageArb, 3),
      keyArb('date', validDateArb, 3),
      keyArb('order', validOrderArb, 3),
      keyArb('id', validIdArb, 3),
      keyArb('draft', validDraftArb, 3)
    )
  )

/** Every known key with right and wrong values, and unknown keys. */
const wildMatterArb = fc.tuple(
  keyArb('title', titleArb, 12),
  keyArb('session', sessionArb, 12),
  keyArb('speakers', speakersArb, 12),
  keyArb('objectives', referencesArb, 3),
  keyArb('questions', referencesArb, 2),
  keyArb('type', typeArb, 3),
  keyArb('language', languageArb, 4),
  keyArb('date', dateArb, 4),
  keyArb('order', orderArb, 4),
  keyArb('id', idArb, 4),
  keyArb('draft', draftArb, 4),
  fc
    .uniqueArray(fc.tuple(unknownKeyArb, junkValueArb), {maxLength: 2, selector: ([key]) => key})
    .map((pairs) => pairs.map(([key, value]) => matterLine(key, value)).join('\n'))
)

/** Front matter lines, often valid, else with wrong values and unknown keys, in any order. */
export const frontMatterArb: fc.Arbitrary<string[]> = fc
  .oneof({weight: 3, arbitrary: validMatterArb}, {weight: 2, arbitrary: wildMatterArb})
  .chain((entries) => {
    const lines = (entries as (string | undefined)[]).filter(
      (line): line is string => line !== undefined && line !== ''
    )
    return fc.oneof(
      {weight: 3, arbitrary: fc.constant(lines)},
      {weight: 1, arbitrary: fc.shuffledSubarray(lines, {minLength: lines.length, maxLength: lines.length})}
    )
  })

// ------------------------------------------------------------------ Markdown

const imagePathArb = fc.constantFrom(
  'images/chart.png',
  'images/a b é.png',
  'images/a%20b%20%C3%A9.png',
  '<images/a b é.png>',
  './images/chart.png',
  'images/missing.png',
  'images',
  '.',
  '..',
  '../forum.md',
  '../sessions/s.md',
  '../../secret.png',
  '../../../../../../etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  'FILE:/etc/passwd',
  'https://example.org/x.png',
  'HTTP://example.org/x.png',
  '//example.org/x.png',
  'data:image/png;base64,AAAA',
  'javascript:alert(1)',
  'C:\\\\x.png',
  '\\\\\\\\server\\\\share.png',
  '%2e%2e/%2e%2e/x.png',
  'images/%E0%A4%A.png',
  '%',
  '?x',
  '#frag',
  'images/chart.png?v=1#x',
  'images/chart.png#',
  'images//chart.png',
  'images/./chart.png',
  'images/../images/chart.png',
  'sub/../images/chart.png',
  'images/chart.png "title"',
  'images/%00.png',
  'images/chart.png\u0000'
)

const textArb = fc.oneof(words, fc.string({maxLength: 40}), fc.string({unit: 'grapheme', maxLength: 20}))

/** Nesting deep enough to find recursion limits and quadratic paths. */
const deepArb = fc
  .tuple(
    fc.constantFrom(
      'blockquote',
      'list',
      'ordered',
      'emphasis',
      'strong',
      'links',
      'brackets',
      'html',
      'mixed',
      'indent',
      'parens'
    ),
    fc.oneof(fc.integer({min: 1, max: 60}), fc.integer({min: 100, max: 500}))
  )
  .map(([kind, depth]) => {
    switch (kind) {
      case 'blockquote':
        return '> '.repeat(depth) + 'deep'
      case 'list':
        return Array.from({length: depth}, (_, level) => '  '.repeat(level) + '- item').join('\n')
      case 'ordered':
        return Array.from({length: depth}, (_, level) => '   '.repeat(level) + '1. item').join('\n')
      case 'emphasis':
        return '*'.repeat(depth) + 'x' + '*'.repeat(depth)
      case 'strong':
        return '**_'.repeat(depth) + 'x' + '_**'.repeat(depth)
      case 'links':
        return '[a'.repeat(depth) + '](u)'.repeat(depth)
      case 'brackets':
        return '['.repeat(depth) + 'x' + ']'.repeat(depth) + '(' + '('.repeat(depth) + ')'.repeat(depth) + ')'
      case 'html':
        return '<div>'.repeat(depth) + 'x' + '</div>'.repeat(depth)
      case 'mixed':
        return Array.from(
          {length: depth},
          (_, level) => '> '.repeat(level % 7) + '- '.repeat(level % 3) + '* x'
        ).join('\n')
      case 'indent':
        return Array.from({length: depth}, (_, level) => ' '.repeat(level) + '> - 1. x').join('\n')
      default:
        return '!['.repeat(depth) + 'x' + '](y)'.repeat(depth)
    }
  })

const fragmentArb: fc.Arbitrary<string> = fc.oneof(
  {weight: 4, arbitrary: textArb},
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({min: 1, max: 7}), textArb)
      .map(([level, text]) => '#'.repeat(level) + ' ' + text)
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(textArb, fc.constantFrom('===', '---'))
      .map(([text, underline]) => text + '\n' + underline)
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '- a\n- b\n  - nested\n    - deeper',
      '1. one\n2. two\n10. ten',
      '- [ ] todo\n- [x] done\n- [X] Done',
      '* a\n+ b\n- c',
      '1) a\n2) b',
      '- \n-\n- x',
      '0. zero\n999999999. big'
    )
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '| a | b |\n|---|:-:|\n| 1 | 2 |',
      '| a |\n|---|\n| 1 | 2 | 3 |',
      '|---|\n| x |',
      '| a | b |\n|---|---|',
      'a | b\n-|-\n1|2',
      '| <script>x</script> | ![i](images/chart.png) |\n|---|---|\n| `|` | \\| |'
    )
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Text[^1].\n\n[^1]: A note.',
      'Missing[^nope].',
      'Twice[^a][^a].\n\n[^a]: Once.\n[^a]: Twice.',
      '[^__proto__]\n\n[^__proto__]: p',
      '[^constructor]: c\n\nRef[^constructor].',
      '[^1]: only a definition',
      'Nested[^n].\n\n[^n]: See[^m].\n\n[^m]: Back[^n].',
      '[^ spaced label ]: x\n\n[^ spaced label ]',
      '[^é]\n\n[^é]: accent'
    )
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '[link](https://example.org)',
      '[js](javascript:alert(1))',
      '[js](JAVASCRIPT:alert(1))',
      '[data](data:text/html,<script>x</script>)',
      '<https://auto.link>',
      'www.example.com',
      '[ref][r]\n\n[r]: /url "title"',
      '[x](#top)',
      '[x](#c-fine)',
      '[x](<a b>)',
      '[x](vbscript:msgbox)',
      '<a href="jav&#x09;ascript:alert(1)">x</a>',
      '[x]( "t")',
      'mail@example.org'
    )
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(imagePathArb, textArb, fc.boolean())
      .map(([src, alt, raw]) =>
        raw
          ? `<img src="${src.replace(/"/g, '&quot;')}" alt="${alt.replace(/"/g, '')}">`
          : `![${alt.replace(/[[\]]/g, '')}](${src})`
      )
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '<script>alert(1)</script>',
      '<iframe src="https://example.org"></iframe>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)" onclick="steal()">x</a>',
      '<div style="position:fixed" onmouseover="x()">styled</div>',
      '<svg><script>alert(1)</script><a xlink:href="javascript:x">y</a></svg>',
      '<math><mi>x</mi></math>',
      '<!-- unclosed comment',
      '<details open><summary>s</summary>x</details>',
      '<p id="__proto__" name="constructor">p</p>',
      '<a id="user-content-x" href="#x">x</a>',
      '<input type=checkbox checked>',
      '<form action="https://x"><input name=q></form>',
      '<object data=x></object>',
      '<embed src=x>',
      '<base href="http://evil">',
      '<meta http-equiv="refresh" content="0;url=http://evil">',
      '<style>body{display:none}</style>',
      '<template><script>x</script></template>',
      '<noscript><img src=x onerror=y></noscript>',
      '<textarea><script>x</script></textarea>',
      '</div></div></section></article></main></body></html>',
      '<h1 id=top>Top</h1>',
      '<sup><a href="#fn-1" id="fnref-1">1</a></sup>',
      '<img src="images/chart.png" srcset="x 1x, /etc/passwd 2x" onload=x>',
      '<video src="images/chart.png" poster="/etc/passwd"></video>',
      '<plaintext>',
      '<xmp><script></xmp>',
      '<table><tr><td>cell',
      '<![CDATA[x]]>',
      '<?php echo 1 ?>',
      '<!doctype html>',
      '<a href="#x" aria-describedby="a b" aria-labelledby="c">x</a>',
      '<div id="">empty id</div>',
      '<IMG SRC="JaVaScRiPt:alert(1)">'
    )
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{{title}}',
      '{{{body}}}',
      '{{#each this}}x{{/each}}',
      '{{> people}}',
      '{{lookup this "constructor"}}',
      '{{constructor.constructor "return process"}}',
      '\\{{escaped}}',
      '{{!comment}}',
      '{{#if}}{{else}}',
      '{{',
      '}}}'
    )
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '```js\nalert(1)\n```',
      '```\nunclosed fence',
      '    indented code',
      '~~~\n<script>x</script>\n~~~',
      '`inline` ``double ` tick``',
      '```<script>\nx\n```',
      '&amp; &#0; &#x110000; &#xD800; &nbsp; &bogus; &#99999999999;',
      '~~strike~~ ~single~',
      '***',
      '---',
      '___',
      '\\',
      '  \n',
      '\u00a0',
      '\u200b\u200e\u202e',
      'line  \nbreak',
      '<br>',
      'a\\\nb',
      '$math$',
      ':emoji:',
      '\t\ttabbed'
    )
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({min: 1, max: 20_000}), fc.boolean())
      .map(([length, spaced]) => (spaced ? 'word '.repeat(length) : 'x'.repeat(length * 5)))
  },
  {weight: 1, arbitrary: deepArb}
)

export const bodyArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fragmentArb, {maxLength: 10}), fc.constantFrom('\n\n', '\n', '\n\n\n', '\n\n'))
  .map(([fragments, separator]) => fragments.join(separator))

/** A contribution as a contributor might write it, with right and wrong values. */
export const structuredTextArb: fc.Arbitrary<string> = fc
  .tuple(frontMatterArb, bodyArb, fc.constantFrom('\n', '\n\n', ''))
  .map(([lines, body, gap]) => `---\n${lines.join('\n')}\n---\n${gap}${body}\n`)

// ---------------------------------------------------------------- mutations

const validTexts = [
  '---\ntitle: A valid contribution\nsession: s\nspeakers: [Valid Speaker]\nquestions: [1]\n---\n\nFine.\n',
  '---\ntitle: "Measuring: the benefits"\nsession: s\nspeakers:\n  - name: Αθηνά Παπαδοπούλου\n    affiliation: Imaginary Observatory\n' +
    '    country: Greece\n    role: Researcher\n  - Ada Lovelace\nobjectives: [1, 2]\nquestions: [2, main]\ntype: keynote\nlanguage: es\n' +
    'date: 2021-10-05\norder: 2\nid: research-networks\n---\n\n## Heading\n\nText with a footnote[^1] and ![chart](images/chart.png).\n\n' +
    '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n[^1]: The note.\n',
  '---\ntitle: Plenary synthesis\nsession: plenary\nspeakers: Rapporteur\nquestions: 1\ntype: synthesis\ndraft: true\n---\nSynthesis.\n',
  '---\ntitle: Written\nsession: s\nspeakers: [{name: A, role: Editor}]\nobjectives: 2\ntype: written\n---\n> quote\n\n<b>bold</b>\n'
]

const baseTextArb = fc.oneof(
  {weight: 2, arbitrary: fc.constantFrom(...validTexts)},
  {weight: 1, arbitrary: structuredTextArb}
)

type Mutation = (text: string) => string

const lines = (text: string) => text.split('\n')
const pick = <T>(list: T[], at: number) => list[at % list.length]!
const atLine = (text: string, at: number, edit: (list: string[], index: number) => void) => {
  const list = lines(text)
  edit(list, at % list.length)
  return list.join('\n')
}
const atChar = (text: string, at: number) => (text.length === 0 ? 0 : at % text.length)

const aliasBomb =
  Array.from({length: 9}, (_, level) =>
    level === 0
      ? 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
      : `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`
  ).join('\n') + '\nquestions: *a8'

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  position.map(
    (at): Mutation =>
      (text) =>
        atLine(text, at, (list, index) => list.splice(index, 1))
  ),
  position.map(
    (at): Mutation =>
      (text) =>
        atLine(text, at, (list, index) => list.splice(index, 0, list[index]!))
  ),
  fc.tuple(position, position).map(([a, b]): Mutation => (text) => {
    const list = lines(text)
    const [i, j] = [a % list.length, b % list.length]
    ;[list[i], list[j]] = [list[j]!, list[i]!]
    return list.join('\n')
  }),
  position.map(
    (at): Mutation =>
      (text) =>
        text.slice(0, atChar(text, at)) + text.slice(atChar(text, at) + 1)
  ),
  position.map(
    (at): Mutation =>
      (text) =>
        text.slice(0, atChar(text, at) + 1) + text.slice(atChar(text, at))
  ),
  fc.tuple(position, position).map(([a, b]): Mutation => (text) => {
    const chars = [...text]
    if (chars.length === 0) return text
    const [i, j] = [a % chars.length, b % chars.length]
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
    return chars.join('')
  }),
  fc
    .tuple(
      position,
      fc.constantFrom(
        '\t',
        ':',
        '-',
        '#',
        '"',
        "'",
        '[',
        '{',
        '&',
        '*',
        '!',
        '|',
        '>',
        '%',
        '@',
        '`',
        '\0',
        '\r',
        '\n---\n',
        '\u2028',
        '\ufeff',
        '\ud800',
        ' ',
        '\n'
      )
    )
    .map(
      ([at, inserted]): Mutation =>
        (text) =>
          text.slice(0, atChar(text, at)) + inserted + text.slice(atChar(text, at))
    ),
  // Fences: broken, missing, or naming another front-matter language.
  fc
    .constantFrom(
      '',
      '--',
      '----',
      ' ---',
      '---js',
      '---javascript',
      '--- js',
      '---coffee',
      '---yaml',
      '---YML',
      '--- json',
      '---;',
      '---\t',
      '--- ',
      '***',
      '...'
    )
    .chain((fence) =>
      fc.boolean().map((closing): Mutation => (text) => {
        const list = lines(text)
        const index = closing ? list.indexOf('---', 1) : 0
        if (index >= 0) list[index] = fence
        return list.join('\n')
      })
    ),
  // YAML features: anchors and aliases (and a "billion laughs"), deep flow sequences, duplicate keys, tabs.
  fc
    .tuple(
      fc.constantFrom(
        'x: &a [1]\nquestions: *a',
        'speakers: &s [A]\nx: *s',
        '<<: {title: Merged}',
        'title: &t T\nid: *t',
        aliasBomb,
        'questions: *nowhere',
        '&a title: x',
        'title: !!js/function "function () { return 1 }"',
        'title: !!python/object:os.system ls',
        '%TAG ! tag:x,2000:\n',
        '? [a, b]\n: c',
        '? {a: 1}\n: b',
        'title: x\ntitle: y',
        'session: s\nsession: plenary',
        'title:\tTabbed',
        '\ttitle: Tab',
        'speakers:\n\t- A',
        'key: "tab\there"',
        '--- # comment',
        '# only a comment',
        '...',
        '---\n---'
      ),
      position
    )
    .map(([yaml, at]): Mutation => (text) => {
      const list = lines(text)
      const end = Math.max(1, list.indexOf('---', 1))
      list.splice(1 + (at % end), 0, yaml)
      return list.join('\n')
    }),
  fc
    .tuple(
      fc.constantFrom('questions', 'objectives', 'speakers', 'title', 'x'),
      fc.oneof(fc.integer({min: 1, max: 50}), fc.integer({min: 1000, max: 8000})),
      fc.constantFrom('flow', 'unbalanced', 'map', 'block')
    )
    .map(([key, depth, kind]): Mutation => (text) => {
      const nested =
        kind === 'flow'
          ? '['.repeat(depth) + ']'.repeat(depth)
          : kind === 'unbalanced'
            ? '['.repeat(depth) + ']'.repeat(depth >> 1)
            : kind === 'map'
              ? '{a: '.repeat(depth) + '1' + '}'.repeat(depth)
              : Array.from(
                  {length: Math.min(depth, 300)},
                  (_, level) => '\n' + '  '.repeat(level + 1) + '-'
                ).join('') + ' x'
      return text.replace(/^---\n/, `---\n${key}: ${nested}\n`)
    }),
  fc.constant<Mutation>((text) => text.replace(/\n/g, '\r\n')),
  fc.constant<Mutation>((text) =>
    text.replace(/^( +)/gm, (spaces) => '\t'.repeat(Math.ceil(spaces.length / 2)))
  ),
  fc.constant<Mutation>((text) => '\ufeff' + text),
  fc.constant<Mutation>((text) => '\n' + text),
  fc.constant<Mutation>((text) => text.replace(/\n---\n/, '\n---')),
  position.map(
    (at): Mutation =>
      (text) =>
        text.slice(0, atChar(text, at))
  ),
  fc.tuple(position, bodyArb).map(
    ([at, fragment]): Mutation =>
      (text) =>
        pick(
          [
            text + fragment,
            fragment + text,
            text.slice(0, atChar(text, at)) + fragment + text.slice(atChar(text, at))
          ],
          at
        )
  )
)

/** A valid contribution, damaged by a few edits, then maybe by a few bytes. */
export const mutatedBytesArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    baseTextArb,
    fc.array(mutationArb, {minLength: 1, maxLength: 5}),
    fc.array(byteInjectionArb, {maxLength: 2}),
    fc.oneof({weight: 7, arbitrary: fc.constant(undefined)}, {weight: 1, arbitrary: position})
  )
  .map(([text, mutations, injections, cut]) => {
    let bytes: Uint8Array = encoder.encode(mutations.reduce((result, mutate) => mutate(result), text))
    for (const {at, bytes: inserted} of injections) bytes = splice(bytes, at, inserted)
    // Cutting bytes, not characters, can split a multi-byte character.
    return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1))
  })

/** Generators 1–3 mixed: random bytes, structured contributions, mutations of valid ones. */
export const contributionArb: fc.Arbitrary<FuzzContribution> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .tuple(fileNameArb, randomBytesArb)
      .map(([name, bytes]) => contribution(name, bytes, 'random'))
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fileNameArb, structuredTextArb)
      .map(([name, text]) => contribution(name, encoder.encode(text), 'structured'))
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fileNameArb, mutatedBytesArb)
      .map(([name, bytes]) => contribution(name, bytes, 'mutated'))
  }
)

// ---------------------------------------------------------------- many of one construct

/**
 * One construct repeated hundreds to thousands of times, around the counts where the parser once took
 * minutes or crashed: headings, list items, table cells, footnote references and definitions, raw HTML,
 * and inline openers (links, emphasis, code spans) left open or closed, in one paragraph or many.
 */
const repeatedConstructArb = fc.constantFrom(
  (index: number) => `# Heading ${index}`,
  (index: number) => `Heading ${index}\n===`,
  (index: number) => `Heading ${index}\n---`,
  (index: number) => `- item ${index}`,
  (index: number) => `${index}. item`,
  (index: number) => `| ${index} | b | c |`,
  () => '[^1]',
  (index: number) => `[^${index}]: Note.`,
  (index: number) => `[r${index}]: /url`,
  () => '<div>',
  () => '<span>',
  () => '[a](',
  () => '[a',
  (index: number) => `[link ${index}](https://example.org/${index})`,
  () => '*a ',
  () => '**a** ',
  () => '_a ',
  () => '`a ',
  () => '`a` ',
  () => '![i](',
  () => '<https://a.b',
  () => '> ',
  () => '  ',
  () => '&amp;',
  () => '\\*'
)

export const manyOfOneArb: fc.Arbitrary<string> = fc
  .tuple(
    repeatedConstructArb,
    // Growth faster than the text's shows at tens of thousands, where a quadratic parse takes seconds.
    fc.oneof(
      {weight: 1, arbitrary: fc.integer({min: 1, max: 500})},
      {weight: 1, arbitrary: fc.integer({min: 900, max: 6000})},
      {weight: 3, arbitrary: fc.integer({min: 20_000, max: 40_000})}
    ),
    fc.constantFrom('\n', '\n\n', ' ', '', ' ', '')
  )
  .map(([construct, count, separator]) =>
    Array.from({length: count}, (_, index) => construct(index)).join(separator)
  )

/** A valid contribution whose body is many of one construct, alone or among ordinary text. */
export const manyOfOneContributionArb: fc.Arbitrary<FuzzContribution> = fc
  .tuple(fc.array(fc.oneof({weight: 4, arbitrary: manyOfOneArb}, fragmentArb), {minLength: 1, maxLength: 2}))
  .map(([parts]) =>
    contribution(
      'many.md',
      encoder.encode(`${validTexts[0]!.replace(/Fine\.\n$/, '')}${parts.join('\n\n')}\n`),
      'structured'
    )
  )
