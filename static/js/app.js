import { initAll } from '../govuk/govuk-frontend.min.js'
import './session.js'
import './drafts.js'

initAll()
