export { RandomPolicy } from "./random-policy";
