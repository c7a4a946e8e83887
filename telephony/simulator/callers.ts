/**
 * Who calls the hotline: a seeded pool of Russian and Ukrainian numbers in the forms carriers really
 * deliver them (`+79161234567`, `84951234567`, `+380441234567`, now and then `anonymous`), most with a
 * caller name.
 */
import type { Caller } from './call-scripts';
import { createRandom, type Random } from './seeded-random';

const RU_MOBILE = ['916', '915', '903', '905', '909', '926', '925', '977', '985', '999', '963', '968'];
const RU_LANDLINE = ['495', '499', '812', '343', '383'];
const UA_CODES = ['44', '50', '67', '63', '93', '66', '97', '68', '73'];

const RU_FIRST = ['Иван', 'Пётр', 'Мария', 'Анна', 'Сергей', 'Ольга', 'Дмитрий', 'Елена', 'Алексей', 'Наталья', 'Михаил', 'Татьяна', 'Андрей', 'Юлия'];
const RU_LAST_M = ['Петров', 'Иванов', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Волков', 'Соколов', 'Морозов', 'Орлов'];
const FEMALE = new Set(['Мария', 'Анна', 'Ольга', 'Елена', 'Наталья', 'Татьяна', 'Юлия']);
const UA_NAMES = ['Олена Коваль', 'Тарас Бондаренко', 'Ірина Шевчук', 'Андрій Мельник', 'Оксана Ткаченко', 'Taras Bondarenko', 'Iryna Shevchuk'];
const COMPANIES = ['ООО Ромашка', 'ИП Соколов', 'АО Вектор', 'ООО Север-Строй', 'ТОВ Світанок'];

function digits(r: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += r.int(0, 9);
  return out;
}

function ruName(r: Random): string {
  const first = r.pick(RU_FIRST);
  const last = r.pick(RU_LAST_M);
  return `${first} ${FEMALE.has(first) ? `${last}а` : last}`;
}

/** One random caller, number in one of the carrier formats. */
export function randomCaller(r: Random): Caller {
  const roll = r.next();
  if (roll < 0.03) return { number: 'anonymous', name: 'Anonymous' };
  let number: string;
  let name: string;
  if (roll < 0.45) {
    number = `+7${r.pick(RU_MOBILE)}${digits(r, 7)}`;
    name = ruName(r);
  } else if (roll < 0.6) {
    number = `8${r.pick(RU_MOBILE)}${digits(r, 7)}`;
    name = ruName(r);
  } else if (roll < 0.75) {
    number = r.chance(0.5) ? `8${r.pick(RU_LANDLINE)}${digits(r, 7)}` : `+7${r.pick(RU_LANDLINE)}${digits(r, 7)}`;
    name = r.chance(0.5) ? r.pick(COMPANIES) : ruName(r);
  } else {
    number = `+380${r.pick(UA_CODES)}${digits(r, 7)}`;
    name = r.pick(UA_NAMES);
  }
  // Many carriers send no name at all (Asterisk then shows `<unknown>`).
  if (r.chance(0.2)) name = '';
  return { number, name };
}

/** A fixed pool of callers (regulars call more than once), reproducible from its seed. */
export function callerPool(size = 200, seed = 7): Caller[] {
  const r = createRandom(seed);
  return Array.from({ length: size }, () => randomCaller(r));
}
