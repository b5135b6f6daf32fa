/**
 * The renderer's Content-Security-Policy: scripts and styles only from the app itself, no inline
 * script, no eval, no remote anything. Electron sends it as a header, the harness likewise, and
 * renderer/index.html carries the same text in a meta tag (a test keeps the three equal).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/** Header-only directive: meta tags cannot carry frame-ancestors. */
export const CSP_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
