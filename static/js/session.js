// The session-timeout warning (templates/includes/session_timeout.html): two minutes before the idle
// timeout a dialog offers "Stay signed in"; at the timeout, what was typed is saved as drafts and the page
// goes to sign-in (which says why). Any request to the server keeps the session, so other scripts call
// touched() when they have talked to it.
const body = document.body
const seconds = Number(body.dataset.sessionSeconds || 0)
// Two minutes before (a third of the time for very short sessions, as in tests).
const WARN_SECONDS = Math.min(120, Math.floor(seconds / 3))
const beforeSignOut = []
let lastActivity = Date.now()

export function touched () {
  lastActivity = Date.now()
}

export function onBeforeSignOut (callback) {
  beforeSignOut.push(callback)
}

export function csrfToken () {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]')
  return input ? input.value : ''
}

async function flushAll () {
  for (const callback of beforeSignOut) {
    try { await callback() } catch (error) { /* signing out goes on */ }
  }
}

export async function signedOut () {
  await flushAll()
  // Sign out on the server too (the session may have a few seconds left), then say why on the sign-in page.
  const form = document.querySelector('.app-header-account__form')
  if (form) {
    try {
      await fetch(form.action, { method: 'POST', headers: { 'X-CSRFToken': csrfToken() }, credentials: 'same-origin', redirect: 'manual' })
    } catch (error) { /* the server's own timeout ends the session anyway */ }
  }
  const next = encodeURIComponent(window.location.pathname)
  window.location.assign(`${body.dataset.signInUrl}?next=${next}&timeout=1`)
}

function describe (remaining) {
  if (remaining >= 60) {
    const minutes = Math.ceil(remaining / 60)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  return `${remaining} second${remaining === 1 ? '' : 's'}`
}

const dialog = document.getElementById('session-timeout')
if (seconds && dialog && typeof dialog.showModal === 'function') {
  const countdown = dialog.querySelector('.app-timeout-dialog__countdown')
  let returnFocus = null
  let leaving = false

  const stay = async () => {
    const response = await fetch(body.dataset.sessionExtendUrl, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrfToken() },
      credentials: 'same-origin',
      redirect: 'manual'
    })
    if (!response.ok) {
      leaving = true
      return signedOut()
    }
    touched()
    dialog.close()
    if (returnFocus) returnFocus.focus()
  }

  dialog.querySelector('[data-timeout-stay]').addEventListener('click', stay)
  // Escape is "stay signed in" (the pattern's choice: the person is there to press it).
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); stay() })
  dialog.querySelector('[data-timeout-leave]').addEventListener('click', async () => {
    leaving = true
    await flushAll()
    const form = document.querySelector('.app-header-account__form')
    if (form) form.submit()
  })
  document.addEventListener('htmx:afterRequest', touched)

  setInterval(() => {
    if (leaving) return
    const remaining = Math.round(seconds - (Date.now() - lastActivity) / 1000)
    if (remaining <= 5) {
      leaving = true
      signedOut()
    } else if (remaining <= WARN_SECONDS) {
      countdown.textContent = describe(remaining)
      if (!dialog.open) {
        returnFocus = document.activeElement
        flushAll()
        dialog.showModal()
        dialog.querySelector('#session-timeout-title').focus()
      }
    } else if (dialog.open) {
      dialog.close() // activity in another tab of this page's script, or a save, kept the session
    }
  }, 1000)
}
