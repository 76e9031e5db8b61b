/** The startup-file check of a passenger deploy (pure): the commit's files against app_root. */
import { describe, expect, it } from 'vitest';
import { startupFileProblem } from '../../src/strategies/passenger/startup-file.js';

const SHA = 'a'.repeat(40);

describe('startupFileProblem', () => {
  it('none when <app_root>/passenger_wsgi.py is tracked (app_root "." or ./backend/ normalized)', () => {
    expect(startupFileProblem(['passenger_wsgi.py'], '.', SHA)).toBeUndefined();
    expect(startupFileProblem(['backend/passenger_wsgi.py'], './backend/', SHA)).toBeUndefined();
  });

  it('names the file, and the app_root of the shallowest passenger_wsgi.py the commit has', () => {
    expect(startupFileProblem(['backend/passenger_wsgi.py', 'x/y/passenger_wsgi.py', 'README.md'], '.', SHA)).toBe(
      `commit aaaaaaaaaaaa has no passenger_wsgi.py at app_root "." (passenger_wsgi.py), the file Passenger starts the app from. It has backend/passenger_wsgi.py, x/y/passenger_wsgi.py: set app_root: backend. Nothing was deployed.`,
    );
    expect(startupFileProblem(['app.py'], 'src', SHA)).toBe(
      `commit aaaaaaaaaaaa has no passenger_wsgi.py at app_root "src" (src/passenger_wsgi.py), the file Passenger starts the app from. Nothing was deployed.`,
    );
  });
});
