import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the usual Edit, View and Window items (so copy, paste, zoom and
 * minimise work from the keyboard), and no developer tools in a packaged build. Replacing
 * Electron's default menu also removes its Toggle Developer Tools and Reload entries there.
 */
export function appMenuTemplate(platform: NodeJS.Platform, packaged: boolean, appName: string): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!packaged) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  const template: MenuItemConstructorOptions[] = [{ role: 'editMenu' }, { label: 'View', submenu: view }, { role: 'windowMenu' }];
  if (platform === 'darwin') template.unshift({ label: appName, role: 'appMenu' });
  else template.unshift({ label: 'File', submenu: [{ role: 'quit' }] });
  return template;
}
