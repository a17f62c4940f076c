import { describeStaticServer } from './suite.js';

// nginx (Debian's package) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('nginx', '/');
describeStaticServer('nginx', '/~ada/');
