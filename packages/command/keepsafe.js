#!/usr/bin/env node
// `npx keepsafe` finds this through node_modules/.bin; the command itself is bin/keepsafe.js.
import '../../bin/keepsafe.js'
