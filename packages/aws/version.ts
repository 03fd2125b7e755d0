/** Sent in the user agent of every AWS call; a test keeps it equal to package.json's version. */
export const VERSION = '1.0.0';
