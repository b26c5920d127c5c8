export { datastoresPlugin as default } from './plugin';
