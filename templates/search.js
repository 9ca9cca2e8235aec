// Starts Pagefind's search box on the search page. A `?q=` in the address is searched at once.
window.addEventListener('DOMContentLoaded', () => {
  const search = new window.PagefindUI({element: '#search', showSubResults: false, showImages: false, autofocus: true})
  // The page's heading names the box, which Pagefind gives only a tooltip.
  document.querySelector('#search input[type="text"]')?.setAttribute('aria-labelledby', 'search-title')
  const query = new URLSearchParams(window.location.search).get('q')
  if (query) search.triggerSearch(query)
})
