// The live meeting: the regions that save in place (htmx), and the shortcuts to the next and previous case.
import { initAll } from '../govuk/govuk-frontend.min.js'

const focusOn = (element) => {
  if (!element) return
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1')
  element.focus()
}

// After a region is swapped: start its GOV.UK components, then focus its error summary, or else the
// element the answer names (the heading of what was just saved).
document.body.addEventListener('htmx:afterSwap', (event) => {
  const region = event.detail.target
  if (!region.classList || !region.classList.contains('app-live-region')) return
  initAll({ scope: region })
  const summary = region.querySelector('.govuk-error-summary')
  // The page's title says "Error: " while a form on it shows errors (GOV.UK), as after a whole-page post.
  const title = document.title.replace(/^Error: /, '')
  document.title = summary ? `Error: ${title}` : title
  if (summary) {
    focusOn(summary)
    return
  }
  const marker = region.querySelector('[data-focus]')
  if (marker) focusOn(document.getElementById(marker.dataset.focus))
})

// "Cancel" on a correction: put the form away without reloading the page.
document.body.addEventListener('click', (event) => {
  const cancel = event.target.closest && event.target.closest('[data-live-cancel]')
  if (!cancel) return
  event.preventDefault()
  const form = cancel.closest('form')
  const heading = document.getElementById('action-edit-heading')
  if (heading) heading.remove()
  if (form) form.remove()
  focusOn(document.getElementById('actions-agreed'))
})

// Alt+Shift+N and Alt+Shift+P follow the "Next case" and "Previous case" links; not while typing in a
// field, and not while something typed is unsaved (the page says so instead).
const typing = (element) => element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName))
const unsaved = () => [...document.querySelectorAll('.app-live-region textarea, .app-live-region input[type=text]')]
  .some((field) => field.value !== field.defaultValue)
document.addEventListener('keydown', (event) => {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return
  const which = { KeyN: 'next', KeyP: 'previous' }[event.code]
  if (!which || typing(event.target)) return
  const link = document.querySelector(`[data-shortcut="${which}"]`)
  if (!link) return
  event.preventDefault()
  if (unsaved()) {
    document.getElementById('live-status').textContent = 'Something you typed is not saved yet: save it, or use the link, to move on.'
    return
  }
  window.location.assign(link.href)
})
