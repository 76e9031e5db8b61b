import { runPost } from './entry/action/post.js';

await runPost();
