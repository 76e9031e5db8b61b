/** The `health` section of a target: what must be true after a deploy. */
import * as z from 'zod';
import { bool, described, duration, durationOrZero, httpHeaders, httpUrl, integer, regexText } from './fields.js';

const httpShape = {
  url: described(
    httpUrl().optional(),
    'URL checked from the deploy host itself (curl, wget or python over SSH). Omit to skip the HTTP check.',
  ),
  expect_status: described(integer(100, 599, 'an HTTP status').optional(), 'Required HTTP status; default: any 2xx.'),
  expect_body: described(regexText().optional(), 'Regular expression the response body must match.'),
  headers: described(
    httpHeaders().optional(),
    "Request headers sent with the check, e.g. {Host: example.com} for a Django app whose ALLOWED_HOSTS does not list the URL's host (it answers 400). Redirects are not followed: expect_status 301 or a path exempt from the redirect.",
  ),
  timeout: described(duration('60s'), 'How long to keep retrying before the deploy counts as failed. Default "60s".'),
};

const mapping = { error: 'expected a mapping' };

export const composeHealthSchema = described(
  z
    .strictObject(
      {
        ...httpShape,
        services: described(bool().default(true), 'Wait for the compose healthchecks of the services this deploy touched. Default true.'),
        probe: described(
          bool().default(true),
          "While Docker still says a new container's health is starting (its first check comes only `interval` after the start), " +
            'run its compose healthcheck test in it (docker exec) and count the first pass as healthy. ' +
            'Set false when something routes by the health Docker reports (Traefik skips starting containers) and must see healthy before the deploy is done. Default true.',
        ),
        stable_for: described(
          durationOrZero('3s'),
          'A new container without a healthcheck counts as started once it has run this long (whole seconds) without exiting or being restarted by its restart policy; ' +
            'one that crashes sooner fails the deploy, which is undone. One window per apply, after its last up (compose v2 and v1), only with `services: true`; ' +
            'a one-shot service that exits 0 under restart "no" or on-failure has finished. "0s": as soon as it runs. Default "3s".',
        ),
      },
      mapping,
    )
    .prefault({}),
  'Post-deploy health checks.',
);

export const passengerHealthSchema = described(z.strictObject(httpShape, mapping).prefault({}), 'Post-deploy health checks.');

export const swarmHealthSchema = described(
  z
    .strictObject(
      {
        ...httpShape,
        timeout: described(
          duration('5m'),
          'How long each updated service may take to converge (its healthcheck, update_config rolling and monitor), then health.url to answer. Default "5m".',
        ),
      },
      mapping,
    )
    .prefault({}),
  'Post-deploy health: each updated swarm service converges (its healthcheck and update_config decide), then health.url answers from the manager.',
);
