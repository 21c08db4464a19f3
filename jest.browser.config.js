// The browser tests need Debian's chromium; `.ci/run` installs it before `npm run test:browser`.
import base from './jest.config.js';

export default { ...base, testMatch: ['<rootDir>/tests/**/*.browser.test.ts'], testPathIgnorePatterns: ['/node_modules/'] };
