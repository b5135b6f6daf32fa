/** Names, places and races for the demo clinic: a Pacific Northwest running practice. */
export const FIRST_NAMES = [
  'Ana', 'Ben', 'Camila', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Imani', 'Jonas', 'Kaia', 'Luis', 'Maya', 'Noah',
  'Olivia', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wren', 'Xavier', 'Yara', 'Zoe', 'Aiden',
  'Bea', 'Cole', 'Dana', 'Eli', 'Freya', 'Gabe', 'Hana', 'Isaac', 'Jada', 'Kenji', 'Lena', 'Mateo', 'Nia',
] as const;

export const LAST_NAMES = [
  'Reyes', 'Okafor', 'Lindqvist', 'Nguyen', 'Abara', 'Zimmer', 'Moreau', 'Brandt', 'Castellanos', 'Hollis', 'Ishikawa',
  'Jovanovic', 'Kowalski', 'Larsen', 'Mbeki', 'Novak', "O'Neill", 'Patel', 'Rasmussen', 'Sato', 'Thorne', 'Ueda',
  'Valdez', 'Whitaker', 'Yilmaz', 'Adeyemi', 'Bergstrom', 'Chen', 'Delgado', 'Eriksen', 'Fitzgerald', 'Garcia-Lopez',
  'Haddad', 'Iverson', 'Kim', 'MacLeod',
] as const;

export const STREETS = ['SE Hawthorne Blvd', 'NE Alberta St', 'SE Division St', 'N Williams Ave', 'NW 23rd Ave', 'SE Belmont St', 'NE Broadway', 'SW Corbett Ave'] as const;
export const CITIES = [
  { city: 'Portland', state: 'OR', zip: ['97202', '97211', '97214', '97209', '97227', '97239'] },
  { city: 'Beaverton', state: 'OR', zip: ['97005', '97006'] },
  { city: 'Vancouver', state: 'WA', zip: ['98660', '98661'] },
  { city: 'Lake Oswego', state: 'OR', zip: ['97034'] },
] as const;

export const PAYERS = [
  { name: 'Regence BlueCross BlueShield', prefix: 'RBC' },
  { name: 'Aetna', prefix: 'W' },
  { name: 'Providence Health Plan', prefix: 'PHP' },
  { name: 'Moda Health', prefix: 'MOD' },
  { name: 'Cigna', prefix: 'U' },
  { name: 'UnitedHealthcare', prefix: 'UHC' },
  { name: 'Kaiser Permanente', prefix: 'KP' },
] as const;

/** Sport and its typical weekly kilometres. */
export const SPORTS = [
  { sport: 'Road running', km: [25, 60] },
  { sport: 'Marathon', km: [50, 110] },
  { sport: 'Trail running', km: [35, 90] },
  { sport: 'Ultrarunning', km: [70, 140] },
  { sport: 'Triathlon', km: [20, 50] },
  { sport: 'Track (800 m – 5K)', km: [40, 80] },
  { sport: 'Half marathon', km: [30, 70] },
] as const;

export const RACES = [
  { name: 'Portland Marathon', distance: 'Marathon' },
  { name: 'Shamrock Run', distance: '15K' },
  { name: 'Hood to Coast Relay', distance: 'Relay' },
  { name: 'Trail Factor 50K', distance: '50K' },
  { name: 'Boston Marathon', distance: 'Marathon' },
  { name: 'Eugene Marathon', distance: 'Marathon' },
  { name: 'Bridge of the Gods Half', distance: 'Half marathon' },
  { name: 'Silver Falls Trail Run', distance: '50K' },
  { name: 'Vancouver USA Marathon', distance: 'Marathon' },
  { name: 'Seattle Half Marathon', distance: 'Half marathon' },
  { name: 'Forest Park 10K', distance: '10K' },
  { name: 'Pacific Crest Triathlon', distance: 'Triathlon' },
  { name: 'Waldo 100K', distance: '100K' },
  { name: 'Turkey Trot 5K', distance: '5K' },
] as const;
