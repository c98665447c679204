import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './connection';

/** The Relay connection shape for `Node`: declares `<name>Edge`; subclass it as `<name>Connection`. */
export function ConnectionType<TNode extends object>(Node: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => Node)
    node: TNode;
  }

  @ObjectType()
  abstract class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [Node])
    nodes: TNode[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    /** Counted only when asked for: on a large table the count is the slowest part. */
    countTotal: () => Promise<number>;

    @Field(() => Int)
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return Connection;
}
