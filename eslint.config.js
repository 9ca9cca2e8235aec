import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['lib/', 'dist/', 'node_modules/', 'test/.output/', 'coverage/']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Scripts of the default theme run in the reader's browser.
  {files: ['templates/**/*.js'], languageOptions: {globals: globals.browser}},
  {
    languageOptions: {globals: globals.node},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_'}]
    }
  }
)
