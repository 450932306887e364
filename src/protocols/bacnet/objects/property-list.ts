// Property_List (clause 12.1.1.4.1): a BACnetARRAY of the object's property identifiers, without
// Object_Identifier, Object_Name, Object_Type and Property_List itself.
import { PropertyId } from '../codec/index.js';
import { array, enumerated, type PropertyContent, type PropertyDef } from './property-content.js';

const LEFT_OUT = new Set<number>([
  PropertyId.OBJECT_IDENTIFIER,
  PropertyId.OBJECT_NAME,
  PropertyId.OBJECT_TYPE,
  PropertyId.PROPERTY_LIST,
]);

export function propertyListOf(defs: readonly PropertyDef[]): PropertyContent {
  return array(defs.filter((d) => !LEFT_OUT.has(d.id)).map((d) => [enumerated(d.id)]));
}
