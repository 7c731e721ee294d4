// Drag and drop on the agenda (meeting_detail.html): dropping a case on another row moves it to that
// row's place, through the same "Move to position" form that works without JavaScript (and by keyboard).
const table = document.querySelector('table.app-agenda[data-drag-order]')
if (table) {
  const rows = Array.from(table.tBodies[0].rows)
  let dragged = null
  const clear = () => rows.forEach((row) => row.classList.remove('app-agenda__row--over'))
  rows.forEach((row, index) => {
    const form = row.querySelector('form.app-agenda-position')
    if (!form) return
    row.draggable = true
    row.classList.add('app-agenda__row--draggable')
    row.addEventListener('dragstart', (event) => {
      dragged = row
      row.classList.add('app-agenda__row--dragging')
      event.dataTransfer.effectAllowed = 'move'
      event.dataTransfer.setData('text/plain', row.id)
    })
    row.addEventListener('dragend', () => {
      row.classList.remove('app-agenda__row--dragging')
      clear()
      dragged = null
    })
    row.addEventListener('dragover', (event) => {
      if (!dragged || dragged === row) return
      event.preventDefault()
      clear()
      row.classList.add('app-agenda__row--over')
    })
    row.addEventListener('drop', (event) => {
      event.preventDefault()
      if (!dragged || dragged === row) return
      const moving = dragged.querySelector('form.app-agenda-position')
      moving.querySelector('input[name="position"]').value = String(index + 1)
      moving.requestSubmit(moving.querySelector('button[name="direction"][value="to"]'))
    })
  })
}
