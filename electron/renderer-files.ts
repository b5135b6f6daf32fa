import { extname, join, normalize, sep } from 'node:path';

/** Content types of what the built renderer contains. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside the built renderer, or null if it would reach outside it.
 * Shared by Electron's app:// protocol and the loopback harness so both refuse the same paths.
 */
export function fileInside(rendererDir: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' || path === '' ? 'index.html' : path));
  return file.startsWith(root + sep) ? file : null;
}
