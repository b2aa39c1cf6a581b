namespace PixTools.Queue;

/// <summary>How the consumer settles a delivery.</summary>
public abstract record DeliveryOutcome
{
    /// <summary>Done (whatever the result): remove the message.</summary>
    public static readonly DeliveryOutcome Ack = new AckOutcome();

    /// <summary>A transient failure: deliver the message again after <paramref name="delay"/>.</summary>
    public static DeliveryOutcome RetryAfter(TimeSpan delay) => new RetryOutcome(delay);

    /// <summary>Give up on the message: it goes to the dead-letter queue where the queue has one.</summary>
    public static DeliveryOutcome DeadLetter(string reason) => new DeadLetterOutcome(reason);
}

public sealed record AckOutcome : DeliveryOutcome;

public sealed record RetryOutcome(TimeSpan Delay) : DeliveryOutcome;

public sealed record DeadLetterOutcome(string Reason) : DeliveryOutcome;
