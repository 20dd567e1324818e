/**
 * Compiles GOV.UK Frontend's Sass with Keepsafe's settings (Arial, no GDS Transport) to
 * `build/govuk-frontend.css`. Run by `npm run build` and before `npm start` and the tests; the
 * web shell also compiles it on first request if the file is missing.
 */
import { buildGovukCss } from '../src/platform/http/govuk-css.js'

const started = Date.now()
const path = await buildGovukCss()
console.log(`GOV.UK Frontend CSS built with Arial: ${path} (${String(Date.now() - started)} ms)`)
