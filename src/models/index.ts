/**
 * **Choose model…**: the model picker for a model setting, linked from each model setting's description. The
 * picker itself (recent models first, prices, a typed id) is shared with Generate image and the chat view, in
 * `platform/chooseModel.ts`.
 */
export { chooseModelSetting } from './chooseModelSetting';
