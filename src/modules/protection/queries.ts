/**
 * What child protection offers other modules (ADR 0005): its timescales, which the work tray uses
 * to say when a core group or review is due.
 */
export * from './timescales.js'
