namespace PixTools.Operations;

/// <summary>
/// A failure of this server's own (a model file that will not load), whose <see cref="Exception.Message"/> is written
/// for the person who submitted the job. Unlike <see cref="Vips.ImageInputException"/> it is retried like any other
/// failure; when the attempts run out the job's error_message carries this message, where any other exception's text
/// stays in the log.
/// </summary>
public sealed class ServerFailureException(string message, Exception? inner = null) : Exception(message, inner);
