import { Field, InputType, registerEnumType } from 'type-graphql';

export enum ApiKeyOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  LAST_USED_AT = 'LAST_USED_AT',
}
registerEnumType(ApiKeyOrderField, { name: 'ApiKeyOrderField' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType('ApiKeyOrder')
export class ApiKeyOrder {
  @Field(() => ApiKeyOrderField)
  field: ApiKeyOrderField;

  @Field(() => OrderDirection)
  direction: OrderDirection;
}
