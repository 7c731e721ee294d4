// The attendance page: the cases an agency was present for are asked only of an agency that left early or
// joined late. Without JavaScript the page lists them after saving; with it, the list opens below the
// agency's row when that status is chosen, and closes (its boxes left out of the form) when another is.
const table = document.querySelector('[data-module="app-attendance"]')
const source = document.getElementById('attendance-cases')

const element = (tag, className, attributes = {}) => {
  const node = document.createElement(tag)
  node.className = className
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value))
  return node
}

// The same markup as the page's own list (templates/includes/checkboxes.html), built from the agenda.
const casesRow = (row, cases) => {
  const agency = row.dataset.agency
  const tr = element('tr', 'govuk-table__row app-attendance__cases', { 'data-cases-for': agency, id: `a${agency}-cases` })
  const td = element('td', 'govuk-table__cell', { colspan: '3' })
  const group = element('div', 'govuk-form-group')
  const fieldset = element('fieldset', 'govuk-fieldset')
  const legend = element('legend', 'govuk-fieldset__legend govuk-fieldset__legend--s')
  legend.textContent = row.dataset.casesLabel
  const boxes = element('div', 'govuk-checkboxes govuk-checkboxes--small')
  cases.forEach(([pk, reference], index) => {
    const id = `id_a${agency}-cases_attended_${index}`
    const item = element('div', 'govuk-checkboxes__item')
    item.append(
      element('input', 'govuk-checkboxes__input', { id, name: `a${agency}-cases_attended`, type: 'checkbox', value: pk }),
      Object.assign(element('label', 'govuk-label govuk-checkboxes__label', { for: id }), { textContent: reference })
    )
    boxes.append(item)
  })
  fieldset.append(legend, boxes)
  group.append(fieldset)
  td.append(group)
  tr.append(td)
  row.after(tr)
  return tr
}

if (table && source) {
  const cases = JSON.parse(source.textContent)
  table.querySelectorAll('select[name$="-status"]').forEach((select) => {
    const row = select.closest('tr')
    select.addEventListener('change', () => {
      const partial = select.value === 'partial'
      let list = table.querySelector(`[data-cases-for="${row.dataset.agency}"]`)
      if (!list && partial) {
        list = casesRow(row, cases)
      }
      if (!list) {
        return
      }
      list.hidden = !partial
      list.querySelectorAll('input').forEach((box) => { box.disabled = !partial })
    })
  })
}
