// The live meeting's per-case timer. The start time comes from the server,
// so a refresh or a lost connection does not reset it.
const timer = document.querySelector('.app-timer')
if (timer && timer.dataset.started && !timer.dataset.finished) {
  const started = new Date(timer.dataset.started)
  const allowed = Number(timer.dataset.minutes) * 60
  const clock = timer.querySelector('.app-timer__clock')
  const tick = () => {
    const seconds = Math.max(0, Math.floor((Date.now() - started) / 1000))
    const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
    clock.textContent = seconds > allowed ? `${text} (over time)` : text
  }
  tick()
  setInterval(tick, 1000)
}
