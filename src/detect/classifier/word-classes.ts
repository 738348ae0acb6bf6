// Word classes: a few hand-made groups of words that play the same part in a violent sentence (a harm verb, a
// weapon, a target, a modal "should"). With a few hundred violating examples the model cannot learn on its own that
// "hanged" and "shot" say the same thing; n-grams over classes ("MODAL be HARMED") carry what it learns from one word
// to the others. These are features, not labels: the model learns from the labels how much each pattern counts.
// Part of the model's preprocessing: changing this list changes the features, so it needs a retrained model.

const CLASSES: Record<string, string> = {
  HARM:
    'kill kills killing murder murders murdering shoot shoots shooting hang hangs hanging lynch lynching execute executing ' +
    'behead beheading stab stabbing slaughter slaughtering exterminate exterminating gas gassing nuke nuking bomb bombing ' +
    'burn burning strangle butcher massacre assassinate torch poison drown beat beating bash bashing punch punching whip ' +
    'hunt hunting cull culling purge purging eliminate eliminating destroy destroying annihilate wipe slit snipe choke ' +
    'murk smoke cap pop blast waste rape raping torture torturing shank',
  HARMED:
    'killed murdered shot hanged hung lynched executed beheaded stabbed slaughtered exterminated gassed nuked bombed ' +
    'burned burnt strangled butchered massacred assassinated torched poisoned drowned beaten bashed punched whipped ' +
    'hunted culled purged eliminated destroyed annihilated wiped sniped choked raped tortured shanked',
  DEATH: 'die dies died dying dead death deaths deadly corpse corpses grave graves coffin coffins funeral',
  WEAPON:
    'gun guns rifle rifles ammo ammunition bullet bullets round rounds rope ropes noose nooses knife knives blade ' +
    'machete bat bats pistol pistols shotgun shotguns ar15 ar glock 9mm lead trigger guillotine gallows firing squad ' +
    'tree trees lamppost lampposts pitchfork pitchforks torches molotov grenade grenades',
  MODAL: 'should must need needs ought deserve deserves deserved gotta hafta have has better time',
  WILL: "will i'll we'll you'll gonna going shall would i'd we'd wanna let's lets",
  URGE: 'someone somebody anyone anybody everyone everybody patriots we us',
  TARGET:
    'you him her them they those these ya u yall em traitor traitors democrat democrats dems dem liberal liberals libs lib ' +
    'libtard libtards leftist leftists commie commies communist communists socialist socialists marxist marxists antifa ' +
    'blm muslim muslims islam jew jews black blacks white whites nigger niggers nigga niggas immigrant immigrants illegal ' +
    'illegals invader invaders migrant migrants refugee refugees mexican mexicans police cop cops pig pigs congress ' +
    'senator senators politician politicians governor mayor judge judges journalist journalists reporter reporters media ' +
    'biden harris pelosi schiff schumer obama hillary clinton soros fauci trump pence mcconnell romney rino rinos ' +
    'globalist globalists elite elites pedo pedos pedophile pedophiles gay gays fag fags faggot faggots tranny trannies ' +
    'feminist feminists nazi nazis fascist fascists rioter rioters looter looters protester protesters thug thugs officials ' +
    'government bitch bitches scum animals vermin rats cockroaches parasites',
  PRAISE: 'hero heroes hope wish glad love great wonderful finally good best celebrate',
  DATE: '19th 20th 6th january jan 1776 tomorrow tonight soon day',
  // Distance from the violence: denial, condemnation, reporting what others said or did.
  DISTANCE:
    'never condemn condemns condemned reported reports according allegedly arrested charged sentenced convicted trial jury',
};

// Idioms in which a harm verb means no harm: "hang out", "killed it", "killing it", "shoot me a message".
const IDIOM_NEXT_WORDS: Record<string, readonly string[]> = {
  hang: ['out'],
  hanging: ['out'],
  hangs: ['out'],
  hung: ['out'],
  kill: ['it'],
  killed: ['it'],
  killing: ['it'],
  shoot: ['me'],
  smoke: ['weed', 'a', 'some'],
  blast: ['music'],
};

const CLASS_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(CLASSES).flatMap(([name, words]) => words.split(' ').map((word) => [word, name] as const)),
);

/** Class names, numbered from 1 in a fixed order (the number goes into the feature hash). */
const CLASS_NUMBER: ReadonlyMap<string, number> = new Map(Object.keys(CLASSES).map((name, i) => [name, i + 1]));

/** The class number of a canonical word, given the word after it; 0 when it has none (or is part of an idiom). */
export function wordClass(word: string, next: string | undefined): number {
  const name = CLASS_OF.get(word);
  if (name === undefined || isIdiomHead(word, next)) return 0;
  return CLASS_NUMBER.get(name) as number;
}

/** Whether a canonical word starts one of the idioms above ("hang" before "out"). */
export function isIdiomHead(word: string, next: string | undefined): boolean {
  return next !== undefined && IDIOM_NEXT_WORDS[word]?.includes(next) === true;
}
