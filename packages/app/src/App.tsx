import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Every frontend plugin that packages/app depends on is discovered (`app.packages: all`
// in app-config.yaml); features listed here are the ones the app customises.
export default createApp({
  features: [catalogPlugin, navModule],
});
