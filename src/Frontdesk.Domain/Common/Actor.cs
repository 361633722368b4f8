namespace Frontdesk.Domain.Common;

public enum ActorKind
{
    System,
    Agent,
    Contact,
    Rule,
    Model,
}

/// <summary>Who made a change: recorded on every history entry and message.</summary>
public sealed record Actor(ActorKind Kind, long? Id, string Name)
{
    public static readonly Actor System = new(ActorKind.System, null, "System");

    public static Actor Agent(long id, string name) => new(ActorKind.Agent, id, name);

    public static Actor Contact(long id, string name) => new(ActorKind.Contact, id, name);
}
