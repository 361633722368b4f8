namespace Frontdesk.Domain.Common;

public enum ActorKind
{
    System,
    Agent,
    Contact,
    Rule,
    Model,

    /// <summary>An assignment strategy (round robin, least loaded, skills).</summary>
    Routing,

    /// <summary>An SLA policy's clock.</summary>
    Sla,

    /// <summary>A time-driven automation.</summary>
    Automation,
}

/// <summary>Who made a change: recorded on every history entry and message.</summary>
public sealed record Actor(ActorKind Kind, long? Id, string Name)
{
    public static readonly Actor System = new(ActorKind.System, null, "System");

    /// <summary>
    /// For an automatic decision, what it looked at and why (a small JSON object): stored with each history entry
    /// the decision made, so the ticket can explain itself afterwards.
    /// </summary>
    public string? Inputs { get; init; }

    public bool IsAutomatic => Kind is ActorKind.Rule or ActorKind.Model or ActorKind.Routing or ActorKind.Sla or ActorKind.Automation;

    public static Actor Agent(long id, string name) => new(ActorKind.Agent, id, name);

    public static Actor Contact(long id, string name) => new(ActorKind.Contact, id, name);

    public static Actor Rule(long id, string name) => new(ActorKind.Rule, id, name);

    public static Actor Automation(long id, string name) => new(ActorKind.Automation, id, name);

    public static Actor Sla(long? policyId, string name) => new(ActorKind.Sla, policyId, name);

    public static Actor Routing(long? teamId, string strategy) => new(ActorKind.Routing, teamId, strategy);
}
