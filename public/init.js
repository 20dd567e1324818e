import { initAll } from '/public/govuk/govuk-frontend.min.js'

initAll()
