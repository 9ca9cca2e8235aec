// Starts Pagefind's search box on the search page. A `?q=` in the address is searched at once.
window.addEventListener('DOMContentLoaded', () => {
  const box = document.querySelector('#search')
  // A large forum's index comes in parts: each is merged by its path from the site's root, as Pagefind finds the site
  // from it (`/es/pagefind/part-2/` is in the site at `/es/`).
  const mergeIndex = (box?.dataset.merge ?? '')
    .split(' ')
    .filter(Boolean)
    .map((folder) => ({bundlePath: new URL(folder, document.baseURI).pathname}))
  const search = new window.PagefindUI({
    element: '#search',
    showSubResults: false,
    showImages: false,
    autofocus: true,
    mergeIndex
  })
  // The page's heading names the box, which Pagefind gives only a tooltip.
  document.querySelector('#search input[type="text"]')?.setAttribute('aria-labelledby', 'search-title')
  const query = new URLSearchParams(window.location.search).get('q')
  if (query) search.triggerSearch(query)
})
