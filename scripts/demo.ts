console.log('no demo yet: the simulator issue brings `npm run demo`.');
