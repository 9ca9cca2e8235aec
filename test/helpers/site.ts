import {access, readdir} from 'node:fs/promises'
import path from 'node:path'
import type {Element, Root} from 'hast'
import type {Browser} from 'puppeteer-core'
import {expect} from 'vitest'
import {readHtml, selectAll} from './html.js'

const href = (node: Element | undefined) => String(node?.properties.href ?? '')

/** Every page of a built site, relative to its folder. */
export async function sitePages(dir: string): Promise<string[]> {
  return (await readdir(dir, {recursive: true}))
    .filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'))
    .sort()
}

/**
 * Checks that each edition of the example forum (`folders`: `''` for the first, then `es/`…) has the
 * same pages in its folder: the overview pages, both sessions, and `landings` contribution pages.
 */
export function expectExampleEditions(pages: string[], folders: string[], landings: number) {
  for (const folder of folders) {
    const own = pages
      .filter((file) =>
        folder ? file.startsWith(folder) : !folders.some((other) => other && file.startsWith(other))
      )
      .map((file) => file.slice(folder.length))
    expect(
      own.filter((file) => !file.startsWith('contributions/')),
      folder
    ).toEqual([
      'contents.html',
      'index.html',
      'search.html',
      'sessions/intercooperation-alliances.html',
      'sessions/local-to-global.html',
      'speakers.html'
    ])
    expect(
      own.filter((file) => file.startsWith('contributions/')),
      folder
    ).toHaveLength(landings)
  }
}

/**
 * The height of the site header on `file` at each width, with the screen's height: measured in the browser, as laid
 * out with the site's stylesheet and fonts.
 */
export async function headerHeights(browser: Browser, dir: string, files: string[]) {
  const page = await browser.newPage()
  const heights: {file: string; width: number; header: number; screen: number}[] = []
  for (const [width, screen] of [
    [390, 844],
    [1280, 800]
  ] as const) {
    await page.setViewport({width, height: screen})
    for (const file of files) {
      await page.goto(`file://${path.join(dir, file)}`)
      const header = await page.$eval('.site-header', (element) => element.getBoundingClientRect().height)
      heights.push({file, width, header, screen})
    }
  }
  await page.close()
  return heights
}

/**
 * Links of a page that do not lead to a file the build wrote (the PDF aside, when it was not asked for). `tree`: the
 * page as readHtml gave it, when the test has read it already (the pages of a large forum take seconds to parse).
 */
export async function brokenLinks(
  dir: string,
  file: string,
  allowed: string[] = [],
  tree?: Root
): Promise<string[]> {
  tree ??= await readHtml(path.join(dir, file))
  const targets = [
    ...selectAll('[href]', tree).map(href),
    ...selectAll('[src]', tree).map((node) => String(node.properties.src))
  ]
  const broken: string[] = []
  for (const target of targets) {
    if (/^(https?:|mailto:)/.test(target)) continue
    const [page = ''] = target.split('#')
    if (/^([a-z]+:|\/)/i.test(target)) broken.push(`${file}: ${target} is not relative`)
    else if (page && !allowed.includes(path.posix.join(path.posix.dirname(file), page))) {
      await access(path.join(dir, path.dirname(file), decodeURIComponent(page))).catch(() =>
        broken.push(`${file}: ${target} is missing`)
      )
    }
  }
  return broken
}
