import type { PdfFile } from '../../shared/contract';

/**
 * Hands a generated PDF to the user as a download. In Electron a download opens the system save
 * dialog (see electron/main.ts); in a browser it goes where the browser saves files.
 */
export function savePdf(file: PdfFile): void {
  const bytes = Uint8Array.from(atob(file.pdfBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
