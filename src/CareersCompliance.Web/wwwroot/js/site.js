// Marks the page as able to run GOV.UK Frontend's JavaScript (done here, not inline, because the CSP forbids inline scripts).
import { initAll } from '/lib/govuk-frontend/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
