// Drafts (marac/drafts/): every text box in a form is saved server-side as it is typed, at most every
// few seconds, and restored after a reload or after signing in again. An accepted form forgets its drafts
// (the server does, from the hidden "_draft" inputs added here).
import { csrfToken, onBeforeSignOut, signedOut, touched } from './session.js'

const url = document.body.dataset.draftsUrl
const EVERY_MS = 3000

if (url) {
  const page = window.location.pathname
  const pending = new Map()
  let timer = null
  let lastSent = 0

  const drafted = (box) => box instanceof HTMLTextAreaElement && box.name && box.form &&
    box.form.method.toLowerCase() === 'post' && !box.form.hasAttribute('data-no-drafts') && box.closest('main')
  const keyOf = (box) => {
    const action = new URL(box.form.getAttribute('action') || page, window.location.href).pathname
    return `${action}#${box.name}`
  }
  const boxes = () => Array.from(document.querySelectorAll('main textarea[name]')).filter(drafted)

  const mark = (box) => {
    const value = `${page} ${keyOf(box)}`
    const present = Array.from(box.form.querySelectorAll('input[name="_draft"]')).some((input) => input.value === value)
    if (!present) {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = '_draft'
      input.value = value
      box.form.appendChild(input)
    }
  }

  const flush = async () => {
    if (timer) clearTimeout(timer)
    timer = null
    lastSent = Date.now()
    const batch = Array.from(pending)
    pending.clear()
    for (const [field, text] of batch) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          body: new URLSearchParams({ page, field, text }),
          headers: { 'X-CSRFToken': csrfToken() },
          credentials: 'same-origin',
          redirect: 'manual'
        })
        if (response.ok) {
          touched()
        } else if (response.type === 'opaqueredirect') {
          pending.set(field, text) // the session has ended: nothing more can be kept
          return signedOut()
        }
      } catch (error) {
        if (!pending.has(field)) pending.set(field, text) // offline: try again with the next keystroke
      }
    }
  }

  document.addEventListener('input', (event) => {
    const box = event.target
    if (!drafted(box)) return
    mark(box)
    pending.set(keyOf(box), box.value)
    if (!timer) timer = setTimeout(flush, Math.max(0, EVERY_MS - (Date.now() - lastSent)))
  })
  onBeforeSignOut(flush)
  // A form sent: its boxes' drafts are the server's to forget (if it accepts them); none is sent after it.
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    Array.from(form.querySelectorAll('textarea[name]')).filter(drafted).forEach((box) => pending.delete(keyOf(box)))
  }, true)

  const restored = (box, draft) => {
    const original = box.value
    box.value = draft.text
    mark(box)
    const notice = document.createElement('div')
    notice.className = 'govuk-inset-text app-draft-restored'
    notice.setAttribute('role', 'status')
    const when = new Date(draft.saved_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
    notice.textContent = `Restored what you typed at ${when} and had not saved. `
    const discard = document.createElement('button')
    discard.type = 'button'
    discard.className = 'app-link-button'
    discard.textContent = 'Discard the restored text'
    discard.addEventListener('click', async () => {
      box.value = original
      notice.remove()
      pending.delete(draft.field)
      await fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ page, field: draft.field, discard: '1' }),
        headers: { 'X-CSRFToken': csrfToken() },
        credentials: 'same-origin'
      })
      box.focus()
    })
    notice.appendChild(discard)
    const group = box.closest('.govuk-form-group') || box
    group.parentNode.insertBefore(notice, group)
  }

  const restore = async () => {
    const all = boxes()
    all.forEach(mark)
    if (!all.length) return
    const response = await fetch(`${url}?page=${encodeURIComponent(page)}`, { credentials: 'same-origin' })
    if (!response.ok) return
    const { drafts } = await response.json()
    for (const draft of drafts) {
      const box = all.find((candidate) => keyOf(candidate) === draft.field)
      if (box && box.value !== draft.text) restored(box, draft)
    }
  }
  restore()
  document.addEventListener('htmx:afterSwap', () => boxes().forEach(mark))
}
