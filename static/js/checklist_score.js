// The risk checklist page: the score so far, beside the area's threshold, follows the answers as they
// change. The page renders the same sentence (cases.referrals.checklists.answers.RunningScore.sentence),
// so it is right without JavaScript; its region is aria-live="polite", so screen readers hear the change.
const panel = document.querySelector('[data-module="app-checklist-score"]')
const form = panel && panel.parentElement.querySelector('form')

if (panel && form) {
  const text = panel.querySelector('#running-score-text')
  const threshold = Number(panel.dataset.threshold)
  const max = Number(panel.dataset.max)
  const scored = new Set(panel.dataset.scored.split(' ').filter(Boolean))

  const sentence = (score) => {
    const where = score >= threshold
      ? `This meets the area's threshold of ${threshold} for visible high risk.`
      : `This is below the area's threshold of ${threshold}.`
    return `Score so far: ${score} out of ${max}. ${where}`
  }

  const count = () => Array.from(form.querySelectorAll('input[type="radio"][name^="answer_"]:checked'))
    .filter((input) => input.value === 'yes' && scored.has(input.name.slice('answer_'.length)))
    .length

  form.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || !event.target.name.startsWith('answer_')) return
    const updated = sentence(count())
    if (text.textContent !== updated) text.textContent = updated
  })
}
