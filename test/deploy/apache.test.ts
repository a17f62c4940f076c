import { describeStaticServer } from './suite.js';

// Apache httpd (Debian's apache2) over the built demo site, at the root and under a user's sub-path.
describeStaticServer('apache', '/');
describeStaticServer('apache', '/~ada/');
